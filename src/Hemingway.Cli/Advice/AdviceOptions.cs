using System.CommandLine;
using System.Globalization;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Cli.Commands;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;
using Hemingway.Mpi;

namespace Hemingway.Cli.Advice;

/// <summary>
/// The options of <c>advise</c> and <c>evaluate</c>: the problem (as <c>run</c> takes it), the algorithms and machine
/// counts to choose from, the goal (ε, a deadline, a price), the profiling budget, and the simulated cluster.
/// </summary>
internal sealed class AdviceOptions
{
    private readonly DataOptions _data = new();
    private readonly Option<double> _fraction = new("--fraction") { Description = "Use a seeded random subsample of this fraction of the rows, in (0, 1]", DefaultValueFactory = _ => 1.0 };
    private readonly Option<string> _loss = new("--loss") { Description = "Loss φ: hinge (linear SVM), logistic, or squared (ridge regression)", DefaultValueFactory = _ => "hinge" };
    private readonly Option<double> _lambda = new("--lambda") { Description = "L2 regularization λ; must be > 0", DefaultValueFactory = _ => 1e-4 };
    private readonly Option<string> _algorithms = new("--algorithms")
    {
        Description = "Comma-separated algorithms to choose from: " + string.Join(", ", AlgorithmCatalog.Names),
        DefaultValueFactory = _ => "cocoa,cocoa+,minibatch-sgd,local-sgd",
        HelpName = "A,B,…",
    };

    private readonly Option<string?> _machines = new("--machines")
    {
        Description = "Comma-separated machine counts to choose from (default: 1, 2, 4, … up to --max-machines)",
        HelpName = "m1,m2,…",
    };

    private readonly Option<int> _maxMachines = new("--max-machines") { Description = "The largest machine count considered", DefaultValueFactory = _ => 128, HelpName = "m" };
    private readonly Option<double?> _epsilon = new("--epsilon") { Description = "Goal: reach P(w) − P* ≤ ε (default 1e-4 unless --deadline is given alone)", HelpName = "ε" };
    private readonly Option<double?> _deadline = new("--deadline") { Description = "Goal: the lowest sub-optimality within this many seconds (with --epsilon: reach ε within it)", HelpName = "SECONDS" };
    private readonly Option<double?> _price = new("--price-per-machine-hour") { Description = "Price of one machine for one hour: plans then show their cost", HelpName = "PRICE" };
    private readonly Option<string> _optimize = new("--optimize") { Description = "Minimise time or cost (cost needs --price-per-machine-hour)", DefaultValueFactory = _ => "time" };
    private readonly Option<int> _maxIterations = new("--max-iterations") { Description = "The most iterations any plan may run", DefaultValueFactory = _ => 1000, HelpName = "N" };
    private readonly Option<double?> _budget = new("--budget")
    {
        Description = "Cluster seconds profiling may spend (default: 5 % of what the exhaustive sweep of every algorithm × m to --max-iterations would cost by the measured system model, and at least 3 × the least profiling can do)",
        HelpName = "SECONDS",
    };

    private readonly Option<int> _seed = new("--seed") { Description = "Seed of every partition and random choice", DefaultValueFactory = _ => 0 };
    private readonly Option<string> _cluster = new("--cluster")
    {
        Description = "The simulated cluster: a preset (" + string.Join(", ", ClusterPresets.Names) + ") optionally followed by overrides, e.g. spark,bandwidth=1.25e9",
        DefaultValueFactory = _ => "spark",
        HelpName = "PRESET[,KEY=VALUE...]",
    };

    private readonly Option<string> _engine = new("--engine")
    {
        Description = "Where the system model's times come from: sim (the simulated cluster of --cluster) or mpi (real processes: short mpirun runs " +
            "at the points of Ernest's design); the convergence runs are simulated either way, since every engine computes the same iterates",
        DefaultValueFactory = _ => "sim",
    };

    private readonly Option<string> _transport = new("--transport")
    {
        Description = "--engine mpi only: shm (shared memory) or tcp (loopback TCP, a stand-in for a network)",
        DefaultValueFactory = _ => MpiLaunchOptions.SharedMemory,
    };

    private readonly Option<double> _localIterations = new("--local-iter-frac") { Description = "H as a fraction of each worker's rows (see run --help)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<string> _store = new("--store") { Description = "The trace store profiling runs are recorded in", DefaultValueFactory = _ => TraceStore.DefaultPath, HelpName = "FILE" };

    public AdviceOptions()
    {
        _loss.AcceptOnlyFromAmong([.. LossCatalog.Names]);
        _optimize.AcceptOnlyFromAmong("time", "cost");
        _engine.AcceptOnlyFromAmong("sim", "mpi");
        _transport.AcceptOnlyFromAmong([.. MpiLaunchOptions.Transports]);
    }

    public void AddTo(Command command)
    {
        _data.AddTo(command);
        foreach (var option in new Option[]
        {
            _fraction, _loss, _lambda, _algorithms, _machines, _maxMachines, _epsilon, _deadline, _price, _optimize, _maxIterations, _budget, _seed, _cluster,
            _engine, _transport,
            _localIterations, _store,
        })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings of the problem and the simulated runs, in the form <c>run</c> and <c>sweep</c> use.</summary>
    public TrainingSettings Training(ParseResult parsed, double? epsilon) => new(
        parsed.GetValue(_data.Data)!,
        _data.LoadOptions(parsed),
        parsed.GetValue(_fraction) is var fraction && fraction > 0 && fraction <= 1
            ? fraction
            : throw new HemingwayException($"--fraction must be in (0, 1], got {fraction.ToString(CultureInfo.InvariantCulture)}"),
        parsed.GetValue(_loss)!,
        parsed.GetValue(_lambda) is var lambda && lambda > 0 ? lambda : throw new HemingwayException($"--lambda must be > 0, got {lambda.ToString(CultureInfo.InvariantCulture)}"),
        new StopCriteria(MaxIterations: parsed.GetValue(_maxIterations), TargetSuboptimality: epsilon),
        parsed.GetValue(_seed),
        "sim",
        ClusterSpec.Parse(parsed.GetValue(_cluster)!).ToString(),
        "model",
        new AlgorithmSettings(parsed.GetValue(_localIterations)),
        true,
        true,
        parsed.GetValue(_store)!);

    /// <summary>The planning goal; bad values give a <see cref="HemingwayException"/> naming the option.</summary>
    public PlanningGoal Goal(ParseResult parsed)
    {
        var deadline = parsed.GetValue(_deadline);
        var epsilon = parsed.GetValue(_epsilon) ?? (deadline is null ? 1e-4 : null);
        foreach (var (name, value) in new[] { ("--epsilon ε", epsilon), ("--deadline", deadline), ("--budget", parsed.GetValue(_budget)) })
        {
            if (value is { } v && !(v > 0 && double.IsFinite(v)))
            {
                throw new HemingwayException($"{name} must be a positive number, got {v.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (parsed.GetValue(_price) is { } price && !(price >= 0 && double.IsFinite(price)))
        {
            throw new HemingwayException($"--price-per-machine-hour must be a number ≥ 0, got {price.ToString(CultureInfo.InvariantCulture)}");
        }

        var maxIterations = parsed.GetValue(_maxIterations);
        if (maxIterations < 1)
        {
            throw new HemingwayException($"--max-iterations must be ≥ 1, got {maxIterations}");
        }

        return new PlanningGoal(
            Machines(parsed),
            epsilon,
            deadline,
            maxIterations,
            parsed.GetValue(_price),
            parsed.GetValue(_optimize) == "cost" ? PlanningObjective.Cost : PlanningObjective.Time);
    }

    /// <summary>The algorithms to choose from.</summary>
    public IReadOnlyList<string> Algorithms(ParseResult parsed)
    {
        var names = parsed.GetValue(_algorithms)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => a.ToLowerInvariant()).Distinct().ToList();
        foreach (var name in names.Where(n => !AlgorithmCatalog.Names.Contains(n)))
        {
            throw new HemingwayException($"--algorithms: unknown algorithm '{name}': expected some of {string.Join(", ", AlgorithmCatalog.Names)}");
        }

        return names.Count > 0 ? names : throw new HemingwayException("--algorithms: give at least one algorithm");
    }

    /// <summary>How to start mpirun when the system model is timed with real processes (<c>--engine mpi</c>), else null; checked now.</summary>
    public MpiLaunchOptions? Mpi(ParseResult parsed)
    {
        if (parsed.GetValue(_engine) != "mpi")
        {
            return null;
        }

        var options = new MpiLaunchOptions(parsed.GetValue(_transport)!);
        _ = new MpiLauncher(options).Check();
        return options;
    }

    /// <summary>Refuses <c>--engine mpi</c> for a command whose runs are simulated, saying why.</summary>
    public void RequireSimulated(ParseResult parsed, string why)
    {
        if (parsed.GetValue(_engine) != "sim")
        {
            throw new HemingwayException($"--engine {parsed.GetValue(_engine)}: {why}, so its times must be the simulated cluster's (use --engine mpi with advise or profile)");
        }
    }

    /// <summary>The profiling budget in cluster seconds, or null for the default.</summary>
    public double? Budget(ParseResult parsed) => parsed.GetValue(_budget);

    private List<int> Machines(ParseResult parsed)
    {
        var max = parsed.GetValue(_maxMachines);
        if (max < 1)
        {
            throw new HemingwayException($"--max-machines must be ≥ 1, got {max}");
        }

        if (parsed.GetValue(_machines) is not { } text)
        {
            var powers = new List<int>();
            for (var m = 1; m <= max; m *= 2)
            {
                powers.Add(m);
            }

            return powers;
        }

        var values = SweepCommand.ParseMachines(text);
        if (values.Find(m => m > max) is var above and > 0)
        {
            throw new HemingwayException($"--machines: {above} is above --max-machines {max}");
        }

        return values;
    }
}
