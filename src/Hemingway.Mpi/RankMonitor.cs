using System.Globalization;
using System.Text.RegularExpressions;

namespace Hemingway.Mpi;

/// <summary>
/// What the launcher knows of each rank of a run from its heartbeats (<see cref="RankProtocol.BeatMessage"/>), and how it
/// names the rank to blame: for a run that stalled, a rank that is stopped, silent, or stuck in its local step while the
/// others wait; for a job that died, the rank Open MPI reported dead.
/// </summary>
internal sealed partial class RankMonitor(int ranks)
{
    /// <summary>A rank silent for this many heartbeat intervals is not answering.</summary>
    private const int SilentBeats = 4;

    private readonly Dictionary<int, Heard> _heard = [];

    /// <summary>Records a heartbeat received at <paramref name="at"/> on the launcher's clock.</summary>
    public void Beat(RankProtocol.BeatMessage beat, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(beat);
        var since = at;
        if (_heard.TryGetValue(beat.Rank, out var before) && before.Beat.Computing && beat.Computing && before.Beat.Round == beat.Round)
        {
            since = before.ComputingSince;
        }

        _heard[beat.Rank] = new Heard(beat, at, since);
    }

    /// <summary>"rank 1 of 2 (pid 4242 on node7)", as much as is known.</summary>
    public string Name(int rank) => _heard.TryGetValue(rank, out var heard)
        ? $"rank {rank} of {ranks} (pid {heard.Beat.Pid} on {heard.Beat.Host})"
        : $"rank {rank} of {ranks}";

    /// <summary>The rank that holds up a stalled iteration, and what is wrong with it, as of <paramref name="now"/>.</summary>
    public (int Rank, string What) DiagnoseStall(TimeSpan now)
    {
        var silentAfter = RankHeartbeat.Interval * SilentBeats;
        for (var rank = 0; rank < ranks; rank++)
        {
            if (!_heard.TryGetValue(rank, out var heard))
            {
                return (rank, "never reported");
            }

            if (heard.Beat.Host == Environment.MachineName && ProcessState(heard.Beat.Pid) is { } state)
            {
                if (state is 'T' or 't')
                {
                    return (rank, "is stopped (SIGSTOP or a debugger)");
                }

                if (state is 'X' or 'Z')
                {
                    return (rank, "has exited");
                }
            }
            else if (heard.Beat.Host == Environment.MachineName)
            {
                return (rank, "has exited");
            }

            if (now - heard.At > silentAfter)
            {
                return (rank, $"has not answered for {Seconds(now - heard.At)} s (frozen, or its host is unreachable)");
            }
        }

        // Everyone answers: the one still in its local step while the others wait for it is stuck there.
        var computing = _heard.Values.Where(h => h.Beat.Computing).OrderBy(h => h.ComputingSince).ToList();
        if (computing.Count > 0 && computing.Count < ranks)
        {
            var stuck = computing[0];
            return (stuck.Beat.Rank, $"has been in its local step of round {stuck.Beat.Round} for {Seconds(now - stuck.ComputingSince)} s while the others wait");
        }

        return (0, "(the driver) did not finish the iteration");
    }

    /// <summary>The rank Open MPI reported dead among <paramref name="lines"/> (mpirun's messages), and how it died; null when none was.</summary>
    public static (int Rank, string What)? DiagnoseDeath(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (KilledBySignal().Match(lines[i]) is { Success: true } killed)
            {
                return (Number(killed.Groups["rank"].Value), $"was killed by signal {killed.Groups["signal"].Value} ({killed.Groups["name"].Value})");
            }

            if (ProcessName().Match(lines[i]) is { Success: true } named)
            {
                for (var j = i + 1; j < Math.Min(lines.Count, i + 4); j++)
                {
                    if (ExitCode().Match(lines[j]) is { Success: true } code)
                    {
                        return (Number(named.Groups["rank"].Value), $"exited with status {code.Groups["code"].Value}");
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The state letter of /proc/PID/stat (R, S, D, T, t, Z, X…), or null when there is no such process.</summary>
    private static char? ProcessState(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length ? stat[end + 2] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    // Open MPI 4: "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 9 (Killed)."
    [GeneratedRegex(@"process rank (?<rank>\d+) with PID \d+ on node \S+ exited on signal (?<signal>\d+) \((?<name>[^)]*)\)")]
    private static partial Regex KilledBySignal();

    // Open MPI 4, after "mpirun detected that one or more processes exited with non-zero status": "Process name: [[7385,1],1]" then "Exit code: 5".
    [GeneratedRegex(@"Process name: \[\[\d+,\d+\],(?<rank>\d+)\]")]
    private static partial Regex ProcessName();

    [GeneratedRegex(@"Exit code:\s+(?<code>\d+)")]
    private static partial Regex ExitCode();

    private readonly record struct Heard(RankProtocol.BeatMessage Beat, TimeSpan At, TimeSpan ComputingSince);
}
