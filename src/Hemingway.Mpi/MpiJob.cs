using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Hemingway.Mpi;

/// <summary>
/// One running <c>mpirun</c>: its stdout and stderr as a queue of lines (read on background threads, consumed on the
/// caller's), its stdin for requests to rank 0, and a kill that takes the ranks down with it. Disposing a job that is
/// still running kills it, and so does the end of this process (SIGTERM included), so no job outlives its launcher;
/// disposing also kills any rank left behind by a job that ended, and deletes the job's scratch folders.
/// </summary>
internal sealed class MpiJob : IDisposable
{
    private readonly Process _process;
    private readonly MpiScratch? _scratch;
    private readonly BlockingCollection<(bool FromStderr, string Line)> _lines = [];
    private readonly EventHandler _onProcessExit;
    private int _openStreams = 2;
    private bool _disposed;

    private MpiJob(Process process, MpiScratch? scratch)
    {
        _process = process;
        _scratch = scratch;
        _onProcessExit = (_, _) =>
        {
            Kill();
            _scratch?.Dispose();
        };
    }

    /// <summary>The pid of the process started (mpirun, or setsid running it).</summary>
    public int Id => _process.Id;

    /// <summary>True once the process exited and both its streams reached their end.</summary>
    public bool Completed => _lines.IsCompleted && _process.HasExited;

    /// <summary>
    /// Starts <paramref name="start"/> (which must redirect stdin, stdout and stderr); the job owns
    /// <paramref name="scratch"/> and deletes it when disposed.
    /// </summary>
    public static MpiJob Start(ProcessStartInfo start, MpiScratch? scratch = null)
    {
        var process = new Process { StartInfo = start };
        var job = new MpiJob(process, scratch);
        process.OutputDataReceived += (_, e) => job.Receive(fromStderr: false, e.Data);
        process.ErrorDataReceived += (_, e) => job.Receive(fromStderr: true, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            scratch?.Dispose();
            throw new Core.HemingwayException($"cannot start {start.FileName}: {e.Message}", e);
        }

        AppDomain.CurrentDomain.ProcessExit += job._onProcessExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return job;
    }

    /// <summary>The next line, waiting at most <paramref name="wait"/>; false when none came (or none will).</summary>
    public bool TryTake(TimeSpan wait, out (bool FromStderr, string Line) line)
    {
        if (_lines.TryTake(out line, wait))
        {
            return true;
        }

        if (_lines.IsCompleted)
        {
            // Both streams ended: wait for the exit instead of spinning.
            _process.WaitForExit(wait);
        }

        return false;
    }

    /// <summary>Waits for the process to exit (its streams have ended) and returns its exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Writes one line to mpirun's stdin, which it forwards to rank 0; false when mpirun no longer reads.</summary>
    public bool Send(string line)
    {
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends the job: SIGTERM to mpirun (which then terminates its ranks and cleans up), and after a grace period SIGKILL
    /// to every process of the job that is left, ranks whose mpirun is gone included.
    /// </summary>
    public void Kill()
    {
        try
        {
            if (_process.HasExited)
            {
                // mpirun is gone; a rank it could not take down (or never heard died) may not be.
                ProcessTree.Signal(ProcessTree.Job(_process.Id).Where(pid => pid != _process.Id), ProcessTree.KillSignal);
                return;
            }

            var job = ProcessTree.Job(_process.Id);
            ProcessTree.Signal([_process.Id], ProcessTree.Terminate);
            _process.WaitForExit(TimeSpan.FromSeconds(3));
            ProcessTree.Signal([.. job, .. ProcessTree.Job(_process.Id)], ProcessTree.KillSignal);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Not started or already reaped.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        _process.Dispose();
        _lines.Dispose();
        _scratch?.Dispose();
    }

    private void Receive(bool fromStderr, string? line)
    {
        try
        {
            if (line is not null)
            {
                _lines.Add((fromStderr, line));
            }
            else if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _lines.CompleteAdding();
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The job was disposed: nobody reads its lines any more.
        }
    }

    /// <summary>The encoding of mpirun's streams.</summary>
    public static Encoding StreamEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
