using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Hemingway.Algorithms;
using Hemingway.Core;
using Hemingway.Engines.Traces;

namespace Hemingway.Mpi;

/// <summary>What an <c>mpirun</c> job printed.</summary>
/// <param name="ExitCode">mpirun's exit code.</param>
/// <param name="Stdout">Every rank's stdout, as mpirun forwarded it.</param>
/// <param name="Stderr">Every rank's stderr and mpirun's own messages.</param>
public sealed record MpiCommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>How a run on MPI ended.</summary>
/// <param name="Final">The last iteration's trace row.</param>
/// <param name="Reason">Why it stopped.</param>
public sealed record MpiRunResult(TraceRow Final, StopReason Reason);

/// <summary>
/// Starts <c>mpirun -np m</c> on this machine (oversubscribed when m exceeds the cores) or on the hosts of a hostfile,
/// with the environment Open MPI needs here (run as root allowed, oversubscription, the <c>ob1</c> messaging layer, no
/// terminal), and watches it: a job still running after <see cref="MpiLaunchOptions.TimeoutSeconds"/> is killed with
/// all its ranks. <see cref="Run"/> runs a training run on the ranks (the hidden <c>hemingway rank</c> command) and
/// follows rank 0's progress and every rank's heartbeat, so a rank that dies or stalls an iteration is named. On this
/// machine each job keeps Open MPI's shared-memory segments and session directory in folders of its own, removed when
/// the job ends however it ends. mpirun runs in a session of its own, so a Ctrl-C reaches only the launcher, which asks
/// rank 0 to stop after the current iteration (a line on mpirun's stdin, which mpirun forwards to rank 0).
/// </summary>
public sealed class MpiLauncher
{
    /// <summary>How long a job may take to exit once rank 0 announced the end of the run.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(30);

    private readonly MpiLaunchOptions _options;

    /// <summary>A launcher with <paramref name="options"/> (the defaults when null).</summary>
    public MpiLauncher(MpiLaunchOptions? options = null)
    {
        _options = options ?? new MpiLaunchOptions();
    }

    /// <summary>The environment every job gets, on top of this process's.</summary>
    public static IReadOnlyDictionary<string, string> MpiEnvironment { get; } = new Dictionary<string, string>
    {
        ["OMPI_ALLOW_RUN_AS_ROOT"] = "1",
        ["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1",
        ["OMPI_MCA_rmaps_base_oversubscribe"] = "1",
        ["OMPI_MCA_pml"] = "ob1",
        ["TERM"] = "dumb",
    };

    /// <summary>The mpirun arguments of <see cref="MpiLaunchOptions.Tcp"/>: TCP over loopback for messages and for Open MPI's own traffic.</summary>
    public static IReadOnlyList<string> LoopbackTcpArguments { get; } =
        ["--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"];

    /// <summary>The options.</summary>
    public MpiLaunchOptions Options => _options;

    /// <summary>
    /// The command that runs this very <c>hemingway</c>: <c>dotnet hemingway.dll</c> when it was started that way,
    /// else its executable.
    /// </summary>
    public static IReadOnlyList<string> CurrentHemingway()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process's executable is unknown");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && !string.IsNullOrEmpty(entry) ? [host, entry] : [host];
    }

    /// <summary>
    /// Checks the options: mpirun found and executable, a known transport, the hostfile present, a positive timeout.
    /// Throws a <see cref="HemingwayException"/> saying what is wrong; returns mpirun's path.
    /// </summary>
    public string Check()
    {
        if (!MpiLaunchOptions.Transports.Contains(_options.Transport))
        {
            throw new HemingwayException($"unknown MPI transport '{_options.Transport}': expected {string.Join(" or ", MpiLaunchOptions.Transports)}");
        }

        if (!(_options.TimeoutSeconds > 0))
        {
            throw new HemingwayException($"--mpi-timeout must be > 0 seconds, got {_options.TimeoutSeconds.ToString("G6", CultureInfo.InvariantCulture)}");
        }

        if (_options.Hostfile is { } hostfile && !File.Exists(hostfile))
        {
            throw new HemingwayException($"--hostfile {hostfile}: no such file");
        }

        if (_options.Mpirun is { } given)
        {
            return File.Exists(given)
                ? Path.GetFullPath(given)
                : throw new HemingwayException($"--mpirun {given}: no such file (install openmpi-bin, e.g. run scripts/setup.sh)");
        }

        return FindOnPath("mpirun")
            ?? throw new HemingwayException("mpirun not found on PATH: install openmpi-bin, e.g. run scripts/setup.sh (or give --mpirun PATH)");
    }

    /// <summary>
    /// How to start <paramref name="command"/> (a program and its arguments) on <paramref name="ranks"/> ranks: mpirun
    /// with this launcher's options and environment, in a session of its own, stdin, stdout and stderr redirected.
    /// </summary>
    public ProcessStartInfo CreateStartInfo(int ranks, IReadOnlyList<string> command)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new ArgumentException("no command to run on the ranks", nameof(command));
        }

        var mpirun = Check();
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = MpiJob.StreamEncoding,
            StandardErrorEncoding = MpiJob.StreamEncoding,
            StandardInputEncoding = MpiJob.StreamEncoding,
        };

        // A session of its own: a Ctrl-C at the terminal reaches the launcher only, which stops the run cleanly.
        if (FindOnPath("setsid") is { } setsid)
        {
            start.FileName = setsid;
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(mpirun);
        }
        else
        {
            start.FileName = mpirun;
        }

        start.ArgumentList.Add("-np");
        start.ArgumentList.Add(ranks.ToString(CultureInfo.InvariantCulture));
        if (_options.Hostfile is { } hostfile)
        {
            start.ArgumentList.Add("--hostfile");
            start.ArgumentList.Add(Path.GetFullPath(hostfile));
        }

        if (_options.Transport == MpiLaunchOptions.Tcp)
        {
            foreach (var argument in LoopbackTcpArguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in MpiEnvironment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>
    /// Runs <paramref name="command"/> on <paramref name="ranks"/> ranks and returns what they printed; a job still
    /// running after the timeout is killed and reported as a <see cref="HemingwayException"/>.
    /// </summary>
    public MpiCommandResult RunCommand(int ranks, IReadOnlyList<string> command)
    {
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        using var job = StartJob(ranks, command, Guid.NewGuid().ToString("N")[..12]);
        var clock = Stopwatch.StartNew();
        while (!job.Completed)
        {
            if (job.TryTake(TimeSpan.FromMilliseconds(100), out var line))
            {
                (line.FromStderr ? stderr : stdout).Append(line.Line).Append('\n');
            }

            if (Overdue(clock))
            {
                throw KillOverdue(job, $"mpirun -np {ranks} {string.Join(' ', command)}", stored: null);
            }
        }

        return new MpiCommandResult(job.WaitForExit(), stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs <paramref name="plan"/> on <see cref="RunInfo.Machines"/> ranks of <c>hemingway rank</c>. Rank 0 writes every
    /// iteration into the plan's trace store as it completes; <paramref name="onRow"/> hears of each row after it is
    /// stored (on the calling thread). <paramref name="cancellation"/> stops the run after the current iteration, as on
    /// the other engines. A rank's bad input is a <see cref="HemingwayException"/> with its message; an overdue job is a
    /// <see cref="HemingwayException"/> saying what happened and how much of the run is stored. A rank that dies, or
    /// stalls an iteration beyond <see cref="MpiLaunchOptions.IterationTimeoutSeconds"/> (the watchdog reads the ranks'
    /// heartbeats to name it), ends the run: every process of the job is killed and a <see cref="RankFailedException"/>
    /// names the rank, what happened to it, and what of the run is stored.
    /// </summary>
    public MpiRunResult Run(MpiRunPlan plan, Action<TraceRow>? onRow = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var description = $"the MPI run on {plan.Info.Machines} rank(s)";
        using var job = StartJob(plan.Info.Machines, [.. CurrentHemingway(), "rank", "--plan", plan.Encode()], plan.Info.RunId);
        var clock = Stopwatch.StartNew();
        var diagnostics = new Queue<string>();
        var monitor = new RankMonitor(plan.Info.Machines);
        var stored = new StoredProgress(plan);
        RankProtocol.DoneMessage? done = null;
        RankProtocol.ErrorMessage? error = null;
        var stopSent = false;
        var doneAt = TimeSpan.Zero;
        var lastRowAt = TimeSpan.Zero;
        while (!job.Completed)
        {
            if (job.TryTake(TimeSpan.FromMilliseconds(100), out var line))
            {
                switch (line.FromStderr ? null : RankProtocol.Parse(line.Line))
                {
                    case TraceRow row:
                        stored.Row(row);
                        lastRowAt = clock.Elapsed;
                        onRow?.Invoke(row);
                        break;
                    case RankProtocol.BeatMessage beat:
                        monitor.Beat(beat, clock.Elapsed);
                        break;
                    case RankProtocol.CheckpointMessage checkpoint:
                        stored.Checkpoint(checkpoint.Iteration);
                        break;
                    case RankProtocol.DoneMessage message:
                        done = message;
                        doneAt = clock.Elapsed;
                        break;
                    case RankProtocol.ErrorMessage message:
                        error ??= message;
                        break;
                    default:
                        Remember(diagnostics, line.Line);
                        break;
                }
            }

            if (cancellation.IsCancellationRequested && !stopSent)
            {
                stopSent = true;
                _ = job.Send(RankProtocol.StopRequest);
            }

            if (done is not null && clock.Elapsed - doneAt > ExitGrace)
            {
                // The run is complete and stored; ranks that hang in MPI_Finalize only cost time.
                job.Kill();
                break;
            }

            if (done is null && error is null && stored.Last is { } last && (clock.Elapsed - lastRowAt).TotalSeconds > _options.IterationTimeoutSeconds)
            {
                var (rank, what) = monitor.DiagnoseStall(clock.Elapsed);
                job.Kill();
                var seconds = _options.IterationTimeoutSeconds.ToString("G6", CultureInfo.InvariantCulture);
                throw new RankFailedException(
                    $"{monitor.Name(rank)} {what}, and iteration {last.Iteration + 1} did not complete within {seconds} s " +
                    $"(--iteration-timeout): mpirun and its ranks were killed; {stored.Describe()}");
            }

            if (Overdue(clock))
            {
                throw KillOverdue(job, description, stored.Describe());
            }
        }

        var exitCode = job.WaitForExit();
        if (done is null && RankMonitor.DiagnoseDeath([.. diagnostics]) is var (deadRank, how) && (error is null || (!error.BadInput && error.Rank != deadRank)))
        {
            var during = stored.Last is { } row ? $" during iteration {row.Iteration + 1}" : "";
            throw new RankFailedException($"{monitor.Name(deadRank)} {how}{during}, which ended the MPI run (mpirun exit code {exitCode}); {stored.Describe()}");
        }

        if (error is not null)
        {
            var message = $"rank {error.Rank}: {error.Message}";
            throw error.BadInput ? new HemingwayException(message) : new MpiException($"{description} failed: {message}");
        }

        if (done is null)
        {
            throw new HemingwayException($"{description} failed: {Summarize(diagnostics)} (mpirun exit code {exitCode}); {stored.Describe()}");
        }

        return new MpiRunResult(done.Final, done.Reason);
    }

    /// <summary>Starts a job of <paramref name="ranks"/> ranks with scratch folders of its own on this machine (see <see cref="MpiScratch"/>).</summary>
    private MpiJob StartJob(int ranks, IReadOnlyList<string> command, string id)
    {
        var start = CreateStartInfo(ranks, command);

        // On a cluster the folders would have to exist on every host; there Open MPI's own places are used.
        var scratch = _options.Hostfile is null ? MpiScratch.Create(id) : null;
        scratch?.Apply(start.Environment);
        return MpiJob.Start(start, scratch);
    }

    private bool Overdue(Stopwatch clock) => clock.Elapsed.TotalSeconds > _options.TimeoutSeconds;

    /// <summary>Kills an overdue job and says so.</summary>
    private HemingwayException KillOverdue(MpiJob job, string description, string? stored)
    {
        job.Kill();
        var seconds = _options.TimeoutSeconds.ToString("G6", CultureInfo.InvariantCulture);
        return new HemingwayException(
            $"{description} did not finish within {seconds} s (--mpi-timeout): mpirun and its ranks were killed" +
            (stored is null ? "" : $"; {stored}"));
    }

    private static void Remember(Queue<string> lines, string line)
    {
        if (string.IsNullOrWhiteSpace(line) || line.All(c => c is '-' or '*' or '='))
        {
            return;
        }

        lines.Enqueue(line.Trim());
        if (lines.Count > 40)
        {
            lines.Dequeue();
        }
    }

    /// <summary>The most telling of the lines mpirun and the ranks printed: Open MPI's note of who died and how, else the last line.</summary>
    private static string Summarize(IReadOnlyCollection<string> lines) =>
        lines.FirstOrDefault(l => l.Contains("noticed that process", StringComparison.Ordinal))
        ?? lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
        ?? lines.LastOrDefault()
        ?? "mpirun printed nothing";

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
