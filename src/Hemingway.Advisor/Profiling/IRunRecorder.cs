using Hemingway.Engines.Traces;

namespace Hemingway.Advisor.Profiling;

/// <summary>Where profiling and adaptive runs are recorded (the trace store), one writer per run.</summary>
public interface IRunRecorder
{
    /// <summary>Starts recording a run of <paramref name="algorithm"/> on m machines and a data fraction; <paramref name="purpose"/> says why it ran.</summary>
    IRunWriter Begin(string algorithm, string parameters, int machines, double fraction, string purpose);
}
