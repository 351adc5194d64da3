using System.Text.Json;
using System.Text.Json.Serialization;
using Hemingway.Algorithms;
using Hemingway.Engines.Traces;

namespace Hemingway.Mpi;

/// <summary>
/// The lines ranks print on stdout for the launching process, which reads them through <c>mpirun</c>'s forwarding
/// (so it works for ranks on other hosts too): each is <see cref="Prefix"/>, a kind and a JSON object on one line.
/// Rank 0 prints a <c>row</c> after every iteration (already committed to the store), a <c>checkpoint</c> after each
/// checkpoint it committed, and <c>done</c> at the end; any rank that fails prints <c>error</c> before aborting the job;
/// every rank prints a <c>beat</c> twice a second (who it is, where, and what it is doing), so a watchdog can tell a
/// stopped or stuck rank from a busy one. Every other line is not part of the protocol.
/// </summary>
internal static class RankProtocol
{
    /// <summary>What starts every protocol line.</summary>
    public const string Prefix = "@hemingway-mpi ";

    /// <summary>The line the launching process writes to <c>mpirun</c>'s stdin (forwarded to rank 0) to stop after the current iteration.</summary>
    public const string StopRequest = "stop";

    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Iteration <paramref name="row"/> is complete and in the store.</summary>
    public static string Row(TraceRow row) => Prefix + "row " + JsonSerializer.Serialize(row, Options);

    /// <summary>A checkpoint after <paramref name="iteration"/> is committed to the store.</summary>
    public static string Checkpoint(int iteration) => Prefix + "checkpoint " + JsonSerializer.Serialize(new CheckpointMessage(iteration), Options);

    /// <summary>A heartbeat of rank <paramref name="beat"/>.Rank.</summary>
    public static string Beat(BeatMessage beat) => Prefix + "beat " + JsonSerializer.Serialize(beat, Options);

    /// <summary>The run ended after <paramref name="final"/>, for <paramref name="reason"/>.</summary>
    public static string Done(TraceRow final, StopReason reason) => Prefix + "done " + JsonSerializer.Serialize(new DoneMessage(final, reason), Options);

    /// <summary>Rank <paramref name="rank"/> failed; <paramref name="badInput"/> when the input (data, options) is at fault rather than a bug.</summary>
    public static string Error(int rank, string message, bool badInput) =>
        Prefix + "error " + JsonSerializer.Serialize(new ErrorMessage(rank, message, badInput), Options);

    /// <summary>The message on <paramref name="line"/>, or null when it is not a protocol line (or is garbled).</summary>
    public static object? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line.AsSpan(Prefix.Length);
        var space = rest.IndexOf(' ');
        if (space < 0)
        {
            return null;
        }

        var json = rest[(space + 1)..];
        try
        {
            return rest[..space] switch
            {
                "row" => JsonSerializer.Deserialize<TraceRow>(json, Options),
                "done" => JsonSerializer.Deserialize<DoneMessage>(json, Options),
                "error" => JsonSerializer.Deserialize<ErrorMessage>(json, Options),
                "checkpoint" => JsonSerializer.Deserialize<CheckpointMessage>(json, Options),
                "beat" => JsonSerializer.Deserialize<BeatMessage>(json, Options),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The end of a run.</summary>
    /// <param name="Final">The last iteration's row.</param>
    /// <param name="Reason">Why the run stopped.</param>
    public sealed record DoneMessage(TraceRow Final, StopReason Reason);

    /// <summary>A committed checkpoint.</summary>
    /// <param name="Iteration">Its iteration.</param>
    public sealed record CheckpointMessage(int Iteration);

    /// <summary>A rank's heartbeat.</summary>
    /// <param name="Rank">Which rank.</param>
    /// <param name="Pid">Its process id on its host.</param>
    /// <param name="Host">Its host name.</param>
    /// <param name="Round">The round it computes, or computed last.</param>
    /// <param name="Computing">True while it runs its local step; false while it waits for the others (or between rounds).</param>
    public sealed record BeatMessage(int Rank, int Pid, string Host, int Round, bool Computing);

    /// <summary>A rank's failure.</summary>
    /// <param name="Rank">Which rank.</param>
    /// <param name="Message">What went wrong, one line.</param>
    /// <param name="BadInput">True when the input is at fault (a <see cref="Core.HemingwayException"/>), false for a bug.</param>
    public sealed record ErrorMessage(int Rank, string Message, bool BadInput);
}
