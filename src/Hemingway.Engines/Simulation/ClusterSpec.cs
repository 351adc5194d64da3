using System.Globalization;
using System.Text;
using Hemingway.Core;

namespace Hemingway.Engines.Simulation;

/// <summary>
/// The knobs of the simulated cluster: what a phase costs beyond the workers' own computation. A spec starts from a
/// named preset (<see cref="ClusterPresets"/>) and overrides any option; it reads and writes the command-line form
/// <c>spark,task-overhead=0.002,bandwidth=1.25e9</c> (<see cref="Parse"/>, <see cref="ToString"/>), the form traces
/// record. Times are in seconds, sizes in bytes. A default-constructed spec is the <c>ideal</c> preset.
/// </summary>
public sealed record ClusterSpec
{
    private static readonly Option[] Options =
    [
        new("stage-overhead", s => Number(s.StageOverheadSeconds), (s, v, k) => s with { StageOverheadSeconds = NonNegative(k, v) }),
        new("task-overhead", s => Number(s.TaskOverheadSeconds), (s, v, k) => s with { TaskOverheadSeconds = NonNegative(k, v) }),
        new("task-parallelism", s => s.TaskLaunchParallelism.ToString(CultureInfo.InvariantCulture), (s, v, k) => s with { TaskLaunchParallelism = PositiveInteger(k, v) }),
        new("latency", s => Number(s.LatencySeconds), (s, v, k) => s with { LatencySeconds = NonNegative(k, v) }),
        new("bandwidth", s => Number(s.BandwidthBytesPerSecond), (s, v, k) => s with { BandwidthBytesPerSecond = PositiveOrInfinite(k, v) }),
        new("topology", s => TopologyName(s.Topology), (s, v, k) => s with { Topology = ParseTopology(k, v) }),
        new("compute-scale", s => Number(s.ComputeScale), (s, v, k) => s with { ComputeScale = Positive(k, v) }),
        new("straggler-probability", s => Number(s.StragglerProbability), (s, v, k) => s with { StragglerProbability = Probability(k, v) }),
        new("straggler-slowdown", s => Number(s.StragglerSlowdown), (s, v, k) => s with { StragglerSlowdown = AtLeastOne(k, v) }),
    ];

    /// <summary>The preset this spec starts from ("spark", "mpi-10g", "ideal"); <see cref="ToString"/> prints it
    /// first and then only the options that differ from it.</summary>
    public string Preset { get; init; } = ClusterPresets.Ideal;

    /// <summary>
    /// Seconds paid once per phase whatever m is: submitting the job, building and scheduling its stage, shipping the
    /// closure, collecting completion. Zero for MPI-style persistent ranks.
    /// </summary>
    public double StageOverheadSeconds { get; init; }

    /// <summary>
    /// Seconds the driver spends on each task of a phase (serialising and launching it, handling its status and
    /// result). The driver does this for <see cref="TaskLaunchParallelism"/> tasks at a time, so a phase pays
    /// <c>TaskOverheadSeconds · ⌈m / TaskLaunchParallelism⌉</c>: the overhead that grows linearly with m.
    /// </summary>
    public double TaskOverheadSeconds { get; init; }

    /// <summary>
    /// How many tasks the driver launches at once (≥ 1). 1 models Spark's single scheduler thread, which serialises
    /// and launches tasks one after another.
    /// </summary>
    public int TaskLaunchParallelism { get; init; } = 1;

    /// <summary>Seconds of one network hop for a small message (software stack included), L in the formulas of
    /// <see cref="AllreduceTopology"/>.</summary>
    public double LatencySeconds { get; init; }

    /// <summary>Bytes per second of one machine's link, β in the formulas of <see cref="AllreduceTopology"/>;
    /// <see cref="double.PositiveInfinity"/> makes transfers free (latency still counts).</summary>
    public double BandwidthBytesPerSecond { get; init; } = double.PositiveInfinity;

    /// <summary>How the broadcast and the sum of messages travel (see <see cref="AllreduceTopology"/>).</summary>
    public AllreduceTopology Topology { get; init; } = AllreduceTopology.Tree;

    /// <summary>
    /// Multiplier on every worker's compute seconds (measured or from the <see cref="CostModel"/>), &gt; 0. It models a
    /// runtime slower or faster than this process's native loops, such as the JVM and Breeze code a Spark job runs;
    /// 1 means "as fast as here".
    /// </summary>
    public double ComputeScale { get; init; } = 1;

    /// <summary>Probability in [0, 1] that a given worker straggles in a given phase (drawn from the clock's seeded
    /// stream, independently per worker and phase).</summary>
    public double StragglerProbability { get; init; }

    /// <summary>Factor (≥ 1) by which a straggling worker's compute seconds are multiplied.</summary>
    public double StragglerSlowdown { get; init; } = 1;

    /// <summary>The option names <see cref="Parse"/> and <see cref="WithOverrides"/> accept, in canonical order.</summary>
    public static IReadOnlyList<string> OptionNames { get; } = Array.ConvertAll(Options, o => o.Name);

    /// <summary>
    /// Parses the command-line form: a preset name, then comma-separated <c>option=value</c> overrides, for example
    /// <c>spark,task-overhead=0.002,bandwidth=1.25e9</c>. Names are kebab-case (<see cref="OptionNames"/>); values are
    /// invariant-culture numbers in seconds and bytes per second (<c>inf</c> for unlimited bandwidth), or
    /// <c>tree</c>/<c>ring</c>/<c>driver</c> for the topology.
    /// </summary>
    /// <exception cref="HemingwayException">An unknown preset or option, a repeated option, or a bad value; the
    /// one-line message names it.</exception>
    public static ClusterSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || parts[0].Contains('=', StringComparison.Ordinal))
        {
            throw new HemingwayException(
                $"Cluster spec '{text}' must start with a preset name ({string.Join(", ", ClusterPresets.Names)}).");
        }

        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.AsSpan(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new HemingwayException($"Cluster option '{part}' in '{text}' must be written name=value.");
            }

            var key = part[..equals].Trim();
            if (!overrides.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                throw new HemingwayException($"Cluster option '{key}' is given twice in '{text}'.");
            }
        }

        return ClusterPresets.Get(parts[0]).WithOverrides(overrides);
    }

    /// <summary>This spec with the given options (kebab-case names, see <see cref="OptionNames"/>) set from text.</summary>
    /// <exception cref="HemingwayException">An unknown option or a bad value; the one-line message names it.</exception>
    public ClusterSpec WithOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var spec = this;
        foreach (var (key, value) in overrides)
        {
            var option = Array.Find(Options, o => string.Equals(o.Name, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new HemingwayException(
                    $"Unknown cluster option '{key}' (value '{value}'); known options: {string.Join(", ", OptionNames)}.");
            spec = option.Apply(spec, value, option.Name);
        }

        return spec;
    }

    /// <summary>Throws a one-line <see cref="HemingwayException"/> when a value is out of range (a spec built with
    /// <c>with</c> is not checked until a clock uses it).</summary>
    public void Validate()
    {
        foreach (var option in Options)
        {
            // Re-parsing each printed value applies exactly the checks Parse does.
            option.Apply(this, option.Format(this), option.Name);
        }

        _ = ClusterPresets.Get(Preset);
    }

    /// <summary>
    /// The canonical command-line form: the preset, then in <see cref="OptionNames"/> order every option whose value
    /// differs from the preset's, numbers in round-trip form (<c>spark,task-overhead=0.005</c>).
    /// <see cref="Parse"/> of it gives back an equal spec.
    /// </summary>
    public override string ToString()
    {
        var preset = ClusterPresets.TryGet(Preset);
        var text = new StringBuilder(preset is null ? Preset : ClusterPresets.Canonical(Preset));
        foreach (var option in Options)
        {
            var value = option.Format(this);
            if (preset is null || value != option.Format(preset))
            {
                text.Append(',').Append(option.Name).Append('=').Append(value);
            }
        }

        return text.ToString();
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string TopologyName(AllreduceTopology topology) => topology switch
    {
        AllreduceTopology.Tree => "tree",
        AllreduceTopology.Ring => "ring",
        AllreduceTopology.Driver => "driver",
        _ => topology.ToString(),
    };

    private static AllreduceTopology ParseTopology(string key, string value) => value.ToLowerInvariant() switch
    {
        "tree" => AllreduceTopology.Tree,
        "ring" => AllreduceTopology.Ring,
        "driver" => AllreduceTopology.Driver,
        _ => throw Bad(key, value, "tree, ring or driver"),
    };

    private static double ParseNumber(string key, string value, string expected)
    {
        if (value.Equals("inf", StringComparison.OrdinalIgnoreCase) || value.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number))
        {
            throw Bad(key, value, expected);
        }

        return number;
    }

    private static double NonNegative(string key, string value)
    {
        const string Expected = "a finite number of seconds ≥ 0";
        var number = ParseNumber(key, value, Expected);
        return number >= 0 && double.IsFinite(number) ? number : throw Bad(key, value, Expected);
    }

    private static double Positive(string key, string value)
    {
        const string Expected = "a finite number > 0";
        var number = ParseNumber(key, value, Expected);
        return number > 0 && double.IsFinite(number) ? number : throw Bad(key, value, Expected);
    }

    private static double PositiveOrInfinite(string key, string value)
    {
        const string Expected = "bytes per second > 0, or inf";
        var number = ParseNumber(key, value, Expected);
        return number > 0 ? number : throw Bad(key, value, Expected);
    }

    private static double Probability(string key, string value)
    {
        const string Expected = "a probability in [0, 1]";
        var number = ParseNumber(key, value, Expected);
        return number is >= 0 and <= 1 ? number : throw Bad(key, value, Expected);
    }

    private static double AtLeastOne(string key, string value)
    {
        const string Expected = "a finite factor ≥ 1";
        var number = ParseNumber(key, value, Expected);
        return number >= 1 && double.IsFinite(number) ? number : throw Bad(key, value, Expected);
    }

    private static int PositiveInteger(string key, string value)
    {
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw Bad(key, value, "an integer ≥ 1");
    }

    private static HemingwayException Bad(string key, string value, string expected) =>
        new($"Bad value '{value}' for cluster option '{key}': expected {expected}.");

    private sealed record Option(string Name, Func<ClusterSpec, string> Format, Func<ClusterSpec, string, string, ClusterSpec> Apply);
}
