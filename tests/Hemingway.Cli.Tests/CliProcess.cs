using System.Diagnostics;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>What one run of the real <c>hemingway</c> command did.</summary>
/// <param name="Arguments">The arguments it was given (for failure messages).</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to stdout.</param>
/// <param name="Stderr">Everything written to stderr.</param>
public sealed record CliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines of stderr, without the empty piece after the final newline.</summary>
    public IReadOnlyList<string> StderrLines => SplitLines(Stderr);

    /// <summary>The lines of stdout, without the empty piece after the final newline.</summary>
    public IReadOnlyList<string> StdoutLines => SplitLines(Stdout);

    /// <summary>Everything about the run, for an assertion message.</summary>
    public override string ToString() =>
        $"hemingway {string.Join(' ', Arguments)}\n  exit code: {ExitCode}\n  stdout:\n{Indent(Stdout)}\n  stderr:\n{Indent(Stderr)}";

    private static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : text.Length == 0 ? [] : lines;
    }

    private static string Indent(string text) =>
        string.Join('\n', SplitLines(text).Select(line => "    | " + line));
}

/// <summary>
/// Runs the real <c>hemingway</c> command as a child process: <c>dotnet hemingway.dll args…</c> from the test output
/// folder, with stdin closed, stdout and stderr captured, and a timeout after which the process (tree) is killed and
/// the test fails.
/// </summary>
public static class CliProcess
{
    /// <summary>How long one command may run before it is killed and the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The CLI assembly, copied to the test output folder by the project reference.</summary>
    public static string HemingwayDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "hemingway.dll");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: the test project must reference src/Hemingway.Cli");
            }

            return path;
        }
    }

    /// <summary>Runs <c>hemingway args…</c> with the test's environment.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, environment: null);

    /// <summary>
    /// Runs <c>hemingway args…</c>. <paramref name="environment"/> adds or (with a null value) removes variables of the
    /// child's environment only; the test process's own environment is never changed.
    /// </summary>
    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(HemingwayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The user-facing behaviour is under test: no debug stack traces, no colour codes.
        start.Environment.Remove("HEMINGWAY_DEBUG");
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var limit = timeout ?? DefaultTimeout;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var partial = new CliResult(args, -1, await Drain(stdout), await Drain(stderr));
            Assert.Fail($"timed out after {limit.TotalSeconds} s and was killed:\n{partial}");
        }

        return new CliResult(args, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The <c>dotnet</c> host that runs the tests (so the same runtime runs the CLI), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return "dotnet";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }

    /// <summary>What a killed process wrote, if its pipe closes soon.</summary>
    private static async Task<string> Drain(Task<string> output)
    {
        var done = await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(5)));
        return done == output ? await output : "(output not available)";
    }
}

/// <summary>A fresh folder for one test's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system temp folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hemingway-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>Writes a file into the folder and returns its absolute path.</summary>
    public string Write(string name, string contents)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, contents);
        return file;
    }

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
