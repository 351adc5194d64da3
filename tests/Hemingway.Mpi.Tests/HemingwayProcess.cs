using System.Diagnostics;
using Hemingway.Core;
using Xunit;

namespace Hemingway.Mpi.Tests;

/// <summary>What one run of the real <c>hemingway</c> command did.</summary>
public sealed record Outcome(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines of stderr.</summary>
    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Everything about the run, for an assertion message.</summary>
    public override string ToString() =>
        $"hemingway {string.Join(' ', Arguments)}\n  exit code: {ExitCode}\n  stdout:\n{Stdout}\n  stderr:\n{Stderr}";
}

/// <summary>
/// Runs the real <c>hemingway</c> (<c>dotnet hemingway.dll</c> from the test output folder) as a child process with a
/// private cache, and finds the processes of an MPI run. Every test here needs Open MPI: a missing <c>mpirun</c> fails
/// the test with a message saying to run scripts/setup.sh, it never skips it.
/// </summary>
public static class HemingwayProcess
{
    /// <summary>How long one command may run before it is killed and the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The CLI assembly, copied to the test output folder by the project reference.</summary>
    public static string Dll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "hemingway.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: the test project must reference src/Hemingway.Cli");
        }
    }

    /// <summary>The command that runs hemingway: the dotnet host running the tests, and hemingway.dll.</summary>
    public static IReadOnlyList<string> Command => [DotnetHost(), Dll];

    /// <summary>LIBLINEAR's heart_scale (270 rows) in the real cache; fails loudly when scripts/setup.sh has not installed it.</summary>
    public static string HeartScale()
    {
        var path = Path.GetFullPath(Path.Combine(HemingwayPaths.CacheRoot, "data", "heart_scale"));
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh");
    }

    /// <summary>Fails loudly when Open MPI's mpirun is not on PATH.</summary>
    public static void RequireMpirun()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "mpirun")));
        if (!found)
        {
            throw new InvalidOperationException("mpirun is not on PATH: install Open MPI (Debian openmpi-bin) with scripts/setup.sh");
        }
    }

    /// <summary>
    /// Starts <c>hemingway args…</c> with <paramref name="cache"/> as its cache, stdin closed, stdout and stderr
    /// redirected, and SIGINT at its default disposition (a test may interrupt it as Ctrl-C would).
    /// </summary>
    public static Process Start(IReadOnlyList<string> args, string cache)
    {
        RequireMpirun();
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        foreach (var word in Command.Concat(args))
        {
            start.ArgumentList.Add(word);
        }

        start.Environment.Remove("HEMINGWAY_DEBUG");
        start.Environment["NO_COLOR"] = "1";
        start.Environment[HemingwayPaths.CacheVariable] = cache;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start hemingway");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs <c>hemingway args…</c> to its end; a run over <paramref name="timeout"/> is killed and fails the test.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> args, string cache, TimeSpan? timeout = null)
    {
        using var process = Start(args, cache);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hemingway {string.Join(' ', args)} timed out and was killed");
        }

        return new Outcome(args, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The processes (mpirun, setsid, ranks) of MPI runs writing into <paramref name="store"/>: those whose command line
    /// carries a <c>--plan</c> naming that store.
    /// </summary>
    public static IReadOnlyList<int> RunProcesses(string store)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string[] words;
            try
            {
                words = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var at = Array.IndexOf(words, "--plan");
            if (at >= 0 && at + 1 < words.Length && PlanStore(words[at + 1]) == store)
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Waits up to 10 s for every process of the MPI runs on <paramref name="store"/> to be gone.</summary>
    public static async Task AssertNoProcessesLeft(string store)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> left;
        while ((left = RunProcesses(store)).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(left.Count == 0, $"processes of the MPI run are still there: {string.Join(", ", left)}");
    }

    private static string? PlanStore(string encoded)
    {
        try
        {
            return MpiRunPlan.Decode(encoded).StorePath;
        }
        catch (HemingwayException)
        {
            return null;
        }
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}

/// <summary>A fresh folder for one test class's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system temp folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hemingway-mpi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>The absolute path of a file in the folder (which need not exist).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system to clean up.
        }
    }
}
