namespace Hemingway.Mpi;

/// <summary>How <see cref="MpiLauncher"/> starts <c>mpirun</c>.</summary>
/// <param name="Transport">
/// "shm": Open MPI's own choice (shared memory between ranks on one machine, the network between machines);
/// "tcp": TCP over the loopback interface only, as a stand-in for a network on one machine.
/// </param>
/// <param name="Hostfile">An Open MPI hostfile passed to <c>mpirun --hostfile</c>, for a real cluster; null for this machine.</param>
/// <param name="Mpirun">The <c>mpirun</c> to use; null to find it on PATH.</param>
/// <param name="TimeoutSeconds">The watchdog: a job still running after this long is killed, ranks and all.</param>
/// <param name="IterationTimeoutSeconds">
/// The per-iteration watchdog of a training run: once the first row is in, a run whose next iteration does not
/// complete within this long has a hung rank, and is killed, ranks and all.
/// </param>
public sealed record MpiLaunchOptions(
    string Transport = MpiLaunchOptions.SharedMemory,
    string? Hostfile = null,
    string? Mpirun = null,
    double TimeoutSeconds = MpiLaunchOptions.DefaultTimeoutSeconds,
    double IterationTimeoutSeconds = MpiLaunchOptions.DefaultIterationTimeoutSeconds)
{
    /// <summary>The default per-iteration watchdog: five minutes, far beyond one iteration of any dataset that fits here.</summary>
    public const double DefaultIterationTimeoutSeconds = 300;

    /// <summary>Open MPI's default transports (shared memory on one machine).</summary>
    public const string SharedMemory = "shm";

    /// <summary>TCP over loopback.</summary>
    public const string Tcp = "tcp";

    /// <summary>The default watchdog: one hour.</summary>
    public const double DefaultTimeoutSeconds = 3600;

    /// <summary>The transports <see cref="Transport"/> accepts.</summary>
    public static IReadOnlyList<string> Transports { get; } = [SharedMemory, Tcp];
}
