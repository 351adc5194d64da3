using Xunit;

namespace Hemingway.Mpi.Tests;

/// <summary>
/// How the launcher names the rank to blame: from mpirun's own report of a dead rank (the lines Open MPI 4.1 prints,
/// as captured from real runs), and from the heartbeats of a run that stalled.
/// </summary>
public sealed class RankMonitorTests
{
    [Fact]
    public void A_rank_killed_by_a_signal_is_named_from_mpiruns_note()
    {
        string[] lines =
        [
            "Primary job  terminated normally, but 1 process returned",
            "a non-zero exit code. Per user-direction, the job has been aborted.",
            "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 9 (Killed).",
        ];
        Assert.Equal((1, "was killed by signal 9 (Killed)"), RankMonitor.DiagnoseDeath(lines));
    }

    [Fact]
    public void A_rank_that_exited_with_a_status_is_named_from_mpiruns_note()
    {
        string[] lines =
        [
            "mpirun detected that one or more processes exited with non-zero status, thus causing",
            "the job to be terminated. The first process to do so was:",
            "Process name: [[7385,1],3]",
            "Exit code:    5",
        ];
        Assert.Equal((3, "exited with status 5"), RankMonitor.DiagnoseDeath(lines));
        Assert.Null(RankMonitor.DiagnoseDeath(["MPI_ABORT was invoked on rank 0 in communicator MPI_COMM_WORLD", "with errorcode 2."]));
    }

    [Fact]
    public void A_stalled_run_blames_the_silent_rank_then_the_one_stuck_computing()
    {
        var self = Environment.ProcessId;
        var monitor = new RankMonitor(3);
        var start = TimeSpan.FromSeconds(10);
        monitor.Beat(new RankProtocol.BeatMessage(0, self, "elsewhere", 5, false), start);
        monitor.Beat(new RankProtocol.BeatMessage(1, self, "elsewhere", 5, true), start);
        monitor.Beat(new RankProtocol.BeatMessage(2, self, "elsewhere", 5, false), start);
        Assert.Equal("rank 1 of 3 (pid " + self + " on elsewhere)", monitor.Name(1));

        // Everyone answers, rank 1 alone still computes round 5.
        var later = start + TimeSpan.FromSeconds(6);
        monitor.Beat(new RankProtocol.BeatMessage(0, self, "elsewhere", 5, false), later);
        monitor.Beat(new RankProtocol.BeatMessage(1, self, "elsewhere", 5, true), later);
        monitor.Beat(new RankProtocol.BeatMessage(2, self, "elsewhere", 5, false), later);
        var (rank, what) = monitor.DiagnoseStall(later);
        Assert.Equal(1, rank);
        Assert.Contains("local step of round 5 for 6.0 s", what, StringComparison.Ordinal);

        // Rank 2 falls silent: that comes first.
        var silent = later + TimeSpan.FromSeconds(3);
        monitor.Beat(new RankProtocol.BeatMessage(0, self, "elsewhere", 5, false), silent);
        monitor.Beat(new RankProtocol.BeatMessage(1, self, "elsewhere", 5, true), silent);
        (rank, what) = monitor.DiagnoseStall(silent);
        Assert.Equal(2, rank);
        Assert.Contains("has not answered for 3.0 s", what, StringComparison.Ordinal);

        Assert.Equal((0, "never reported"), new RankMonitor(2).DiagnoseStall(silent));
    }
}
