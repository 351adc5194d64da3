using System.Globalization;
using System.Runtime.InteropServices;

namespace Hemingway.Mpi;

/// <summary>
/// The processes of an <c>mpirun</c> job on this machine, found in <c>/proc</c>, and POSIX signals to them. Open MPI
/// puts every rank in a process group of its own, so signalling mpirun's group is not enough: the job is mpirun's
/// descendants, plus every process of a session that one of them leads or that bears the root's id (which catches
/// ranks that lost their parent, even once mpirun, started as a session leader, is gone).
/// </summary>
internal static partial class ProcessTree
{
    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>SIGKILL.</summary>
    public const int KillSignal = 9;

    /// <summary>Process <paramref name="root"/> and every process of its job, as far as <c>/proc</c> shows them now.</summary>
    public static IReadOnlyList<int> Job(int root)
    {
        var all = Snapshot();
        var children = all.ToLookup(p => p.Parent, p => p.Id);
        var job = new HashSet<int> { root };
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children[pid])
            {
                if (job.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        var sessions = all.Where(p => job.Contains(p.Id) && p.Session == p.Id).Select(p => p.Id).ToHashSet();
        sessions.Add(root);
        foreach (var p in all.Where(p => sessions.Contains(p.Session)))
        {
            job.Add(p.Id);
        }

        return [.. job];
    }

    /// <summary>Sends <paramref name="signal"/> to each process; those already gone are skipped.</summary>
    public static void Signal(IEnumerable<int> processes, int signal)
    {
        foreach (var pid in processes)
        {
            _ = SendSignal(pid, signal);
        }
    }

    /// <summary>True while process <paramref name="pid"/> exists (as a zombie too).</summary>
    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    private static List<(int Id, int Parent, int Session)> Snapshot()
    {
        var result = new List<(int, int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses, so split after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                result.Add((pid, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // Gone in the meantime, or not ours to read.
            }
        }

        return result;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
