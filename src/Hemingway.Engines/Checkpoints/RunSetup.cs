using System.Text.Json;
using System.Text.Json.Serialization;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;

namespace Hemingway.Engines.Checkpoints;

/// <summary>
/// How a run was set up beyond what its <see cref="Traces.RunInfo"/> records, kept with its checkpoint so the run can
/// be resumed from its id alone: how the data was read, the algorithm's exact parameters (the run record keeps them
/// only as rounded text), when to stop, how a simulated cluster timed compute, and a fingerprint of the data, so a
/// resume notices when the file changed.
/// </summary>
/// <param name="LoadOptions">How the dataset spec was read.</param>
/// <param name="Settings">The algorithm's parameters.</param>
/// <param name="Stop">When the run stops (P* left out: it is found again).</param>
/// <param name="Compute">"model" or "measured" on a simulated cluster; empty on real engines.</param>
/// <param name="DataFingerprint">The rows the run trained on, after subsampling (<see cref="DatasetFingerprint"/>).</param>
/// <param name="TestData">The spec of the test set whose error the run measured, or null.</param>
public sealed record RunSetup(
    DatasetLoadOptions LoadOptions, AlgorithmSettings Settings, StopCriteria Stop, string Compute, string DataFingerprint, string? TestData = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The setup as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Stop = Stop with { OptimalPrimal = null } }, Options);

    /// <summary>The setup <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="HemingwayException">The text is not a setup.</exception>
    public static RunSetup FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<RunSetup>(json, Options) ?? throw new HemingwayException("a checkpoint's setup is empty");
        }
        catch (JsonException e)
        {
            throw new HemingwayException($"a checkpoint's setup is damaged: {e.Message}", e);
        }
    }
}
