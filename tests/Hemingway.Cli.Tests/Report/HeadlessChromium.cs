using System.Diagnostics;
using Xunit;

namespace Hemingway.Cli.Tests.Report;

/// <summary>
/// Debian's real <c>chromium</c>, run headless on a local file with a throw-away profile and home folder, killed when it
/// overruns. A missing chromium fails the test: scripts/setup.sh installs it.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>How long one browser run may take before it is killed and the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The page's DOM after its scripts ran (with up to 5 s of virtual time for timers).</summary>
    public static async Task<string> DumpDomAsync(string htmlFile)
    {
        var (stdout, _) = await RunAsync("--dump-dom", "--virtual-time-budget=5000", new Uri(htmlFile).AbsoluteUri);
        Assert.True(stdout.Contains("<body", StringComparison.Ordinal), $"chromium --dump-dom printed no page:\n{stdout}");
        return stdout;
    }

    /// <summary>Takes a PNG screenshot of the page, after its scripts ran, into <paramref name="pngFile"/>.</summary>
    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height)
    {
        await RunAsync(
            $"--screenshot={pngFile}",
            $"--window-size={width},{height}",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            new Uri(htmlFile).AbsoluteUri);
        Assert.True(File.Exists(pngFile), $"chromium wrote no screenshot at {pngFile}");
    }

    private static string Executable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, "chromium");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("chromium is not on PATH: run scripts/setup.sh (it installs Debian's chromium)");
        return "";
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var home = new TempFolder();
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     $"--user-data-dir={home.File("profile")}", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-sync", "--mute-audio",
                 }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        // The browser writes its caches and settings under HOME and XDG folders: keep them in the throw-away folder.
        start.Environment["HOME"] = home.Path;
        start.Environment["XDG_CONFIG_HOME"] = home.File("config");
        start.Environment["XDG_CACHE_HOME"] = home.File("cache");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"chromium {string.Join(' ', args)} timed out after {Timeout.TotalSeconds} s and was killed");
        }

        var (output, errors) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"chromium {string.Join(' ', args)} exited with {process.ExitCode}:\n{errors}");
        return (output, errors);
    }
}
