namespace Hemingway.Mpi;

/// <summary>
/// Private folders for one <c>mpirun</c> job on this machine: one in <c>/dev/shm</c> for the shared-memory segments of
/// Open MPI's <c>vader</c> transport, and one under the temp folder for its session directory. Open MPI removes its files
/// when the job ends normally, but not when ranks or mpirun are killed; with the job's files in folders of its own,
/// <see cref="Dispose"/> removes whatever is left, and no job's leftovers can be mistaken for another's.
/// </summary>
internal sealed class MpiScratch : IDisposable
{
    private const string SharedMemoryRoot = "/dev/shm";

    private MpiScratch(string? sharedMemory, string session)
    {
        SharedMemory = sharedMemory;
        Session = session;
    }

    /// <summary>The folder of the job's shared-memory segments, or null when this machine has no /dev/shm.</summary>
    public string? SharedMemory { get; }

    /// <summary>The folder Open MPI creates the job's session directory in.</summary>
    public string Session { get; }

    /// <summary>The folder names of the job called <paramref name="id"/>: <c>hemingway-mpi-ID</c> in both places.</summary>
    public static string FolderName(string id) => $"hemingway-mpi-{id}";

    /// <summary>Creates the folders of a job called <paramref name="id"/> (a short name unique to it).</summary>
    public static MpiScratch Create(string id)
    {
        var name = FolderName(id);
        string? sharedMemory = null;
        if (Directory.Exists(SharedMemoryRoot))
        {
            sharedMemory = Path.Combine(SharedMemoryRoot, name);
            Directory.CreateDirectory(sharedMemory);
        }

        var session = Path.Combine(Path.GetTempPath(), name);
        Directory.CreateDirectory(session);
        return new MpiScratch(sharedMemory, session);
    }

    /// <summary>Points the job's Open MPI at the folders (through its <c>OMPI_MCA_</c> environment variables).</summary>
    public void Apply(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (SharedMemory is not null)
        {
            environment["OMPI_MCA_btl_vader_backing_directory"] = SharedMemory;
        }

        environment["OMPI_MCA_orte_tmpdir_base"] = Session;
    }

    /// <summary>Deletes both folders and everything in them (call it once the job's processes are gone).</summary>
    public void Dispose()
    {
        foreach (var folder in new[] { SharedMemory, Session })
        {
            try
            {
                if (folder is not null && Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do from here; the folder's name says whose it was.
            }
        }
    }
}
