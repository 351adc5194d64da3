using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;

namespace Hemingway.Mpi;

/// <summary>
/// Everything a rank needs to take part in one run, as the launching process decided it: the run's record (data spec,
/// loss, λ, algorithm, m = the number of ranks, fraction, seed, P*, run id), how to load the data, the algorithm's
/// settings, when to stop and where rank 0 writes the trace. It travels on the rank's command line as one base64url
/// JSON word (<see cref="Encode"/>), so it reaches ranks on other hosts unchanged and with doubles bit for bit.
/// </summary>
/// <param name="Info">The run as the trace store records it (engine "mpi", machines = ranks).</param>
/// <param name="LoadOptions">How <see cref="RunInfo.Dataset"/> is read.</param>
/// <param name="Settings">The algorithm's parameters.</param>
/// <param name="Stop">When to stop, with P* when known.</param>
/// <param name="StorePath">The trace store rank 0 writes into (absolute).</param>
/// <param name="Config">The sweep key of this configuration, or null.</param>
/// <param name="Rows">The rows the launching process read (after subsampling): every rank checks it reads the same data.</param>
/// <param name="Dimension">The features the launching process read.</param>
/// <param name="CheckpointEvery">Rank 0 saves a checkpoint every this many iterations (and at the end); 0 for none.</param>
/// <param name="Setup">How the run was set up, saved with each checkpoint; null when <paramref name="CheckpointEvery"/> is 0.</param>
/// <param name="ResumeFrom">The run whose latest checkpoint in the store this run continues, or null to start afresh.</param>
public sealed record MpiRunPlan(
    RunInfo Info,
    DatasetLoadOptions LoadOptions,
    AlgorithmSettings Settings,
    StopCriteria Stop,
    string StorePath,
    string? Config,
    int Rows,
    int Dimension,
    int CheckpointEvery = 0,
    RunSetup? Setup = null,
    string? ResumeFrom = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The plan as one word: base64url of its JSON.</summary>
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions));

    /// <summary>The plan <see cref="Encode"/> wrote; a <see cref="HemingwayException"/> when <paramref name="text"/> is not one.</summary>
    public static MpiRunPlan Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return JsonSerializer.Deserialize<MpiRunPlan>(Base64Url.DecodeFromChars(text), JsonOptions)
                ?? throw new HemingwayException("the rank's plan is empty");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new HemingwayException($"the rank's plan is not valid: {e.Message}", e);
        }
    }
}
