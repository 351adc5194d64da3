using System.CommandLine;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Mpi;

namespace Hemingway.Cli.Commands;

/// <summary>The options shared by <c>run</c> and <c>sweep</c>: the data, the problem, when to stop, and where to run.</summary>
internal sealed class TrainingOptions
{
    private readonly DataOptions _data = new();

    private readonly Option<string?> _testData = new("--test-data")
    {
        Description = "Measure the test error of w after every iteration, outside the algorithm's clocks, on this dataset (the forms of --data, " +
            "read with the same --features, --positive-class and --label-column, every row even with --fraction; its dimension must match): " +
            "the misclassification rate, or for --loss squared the mean squared error; distributed algorithms on inproc or sim only (default: none)",
        HelpName = "SPEC",
    };

    private readonly Option<double> _fraction = new("--fraction")
    {
        Description = "Use a seeded random subsample of this fraction of the rows, in (0, 1]",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<string> _loss = new("--loss")
    {
        Description = "Loss φ: hinge (linear SVM), logistic, or squared (ridge regression)",
        DefaultValueFactory = _ => "hinge",
    };

    private readonly Option<double> _lambda = new("--lambda")
    {
        Description = "L2 regularization λ in P(w) = 1/n Σ φ(y_i, x_i·w) + λ/2 ‖w‖²; must be > 0",
        DefaultValueFactory = _ => 1e-4,
    };

    private readonly Option<int> _iterations = new("--iterations")
    {
        Description = "Stop after this many iterations (epochs for sdca, rounds for distributed algorithms)",
        DefaultValueFactory = _ => StopCriteria.DefaultMaxIterations,
        HelpName = "N",
    };

    private readonly Option<double?> _targetSubopt = new("--target-subopt")
    {
        Description = "Stop once P(w) − P* ≤ ε, absolute primal sub-optimality, the paper's measure (default: no target)",
        HelpName = "ε",
    };

    private readonly Option<double?> _targetGap = new("--target-gap")
    {
        Description = "Stop once the relative duality gap (P − D)/P ≤ this; sdca, cocoa and cocoa+ only (default: no target)",
        HelpName = "GAP",
    };

    private readonly Option<double?> _timeLimit = new("--time-limit")
    {
        Description = "Stop after this many seconds of algorithm time, simulated seconds on --engine sim (default: no limit)",
        HelpName = "SECONDS",
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Seed of the partition, the subsample and every random choice; the same seed gives the same run",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string> _engine = new("--engine")
    {
        Description = "Where workers run: inproc (threads of this process, wall-clock times), sim (a simulated cluster of any size with an explicit clock) " +
            "or mpi (one Open MPI process per machine, started with mpirun -np m: oversubscribed on this machine, or on the hosts of --hostfile; wall-clock times)",
        DefaultValueFactory = _ => "inproc",
    };

    private readonly Option<string> _cluster = new("--cluster")
    {
        Description = "sim only: a preset (" + string.Join(", ", ClusterPresets.Names) + ") optionally followed by overrides, e.g. " +
            "spark,task-overhead=0.005,bandwidth=1.25e9; options: " + string.Join(", ", ClusterSpec.OptionNames),
        DefaultValueFactory = _ => "spark",
        HelpName = "PRESET[,KEY=VALUE...]",
    };

    private readonly Option<string> _compute = new("--compute")
    {
        Description = "sim only: model (work × seconds per unit from the cost model calibrated once on this machine: the same times on every repeat) " +
            "or measured (time the real local steps)",
        DefaultValueFactory = _ => "model",
    };

    private readonly Option<string> _transport = new("--transport")
    {
        Description = "mpi only: shm (Open MPI's choice: shared memory between processes on one machine) or tcp (TCP over the loopback " +
            "interface, a stand-in for a network)",
        DefaultValueFactory = _ => MpiLaunchOptions.SharedMemory,
    };

    private readonly Option<string?> _hostfile = new("--hostfile")
    {
        Description = "mpi only: an Open MPI hostfile, passed to mpirun --hostfile, to run on a real cluster (every host must see the data " +
            "and the same hemingway at the same paths; rank 0, on the first host, writes the trace store) (default: this machine)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _mpirun = new("--mpirun")
    {
        Description = "mpi only: the mpirun to start (default: mpirun on PATH)",
        HelpName = "PATH",
    };

    private readonly Option<double> _mpiTimeout = new("--mpi-timeout")
    {
        Description = "mpi only: a watchdog; a run still going after this many seconds is killed with all its processes",
        DefaultValueFactory = _ => MpiLaunchOptions.DefaultTimeoutSeconds,
        HelpName = "SECONDS",
    };

    private readonly Option<double> _localIterations = new("--local-iter-frac")
    {
        Description = "H, the local steps (cocoa, cocoa+, local-sgd) or batch size (minibatch-sgd) per round, as a fraction of each worker's rows",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<double> _beta = new("--beta")
    {
        Description = "β: cocoa scales the sum of the workers' changes by β/m; the SGD methods scale their steps by β",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<double> _gamma = new("--gamma")
    {
        Description = "γ: cocoa+ scales the sum of the workers' changes by γ (with σ' = γm)",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<int> _history = new("--history")
    {
        Description = "lbfgs: curvature pairs kept",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<bool> _noShrinking = new("--no-shrinking")
    {
        Description = "sdca with the hinge loss: visit every example in every epoch instead of skipping those whose dual " +
            "variable has settled at a bound, as LIBLINEAR does (default: shrinking on)",
    };

    private readonly Option<bool> _noOptimum = new("--no-optimum")
    {
        Description = "Do not compute P* (solved once per dataset, loss and λ, then cached), so sub-optimality is not reported; " +
            "not allowed with --target-subopt (default: P* is computed)",
    };

    private readonly Option<string> _store = new("--store")
    {
        Description = "The trace store (a SQLite file) that every iteration is written to as it completes",
        DefaultValueFactory = _ => TraceStore.DefaultPath,
        HelpName = "FILE",
    };

    public TrainingOptions()
    {
        _loss.AcceptOnlyFromAmong([.. LossCatalog.Names]);
        _engine.AcceptOnlyFromAmong("inproc", "sim", "mpi");
        _transport.AcceptOnlyFromAmong([.. MpiLaunchOptions.Transports]);
        _compute.AcceptOnlyFromAmong("model", "measured");
    }

    public void AddTo(Command command)
    {
        _data.AddTo(command);
        foreach (var option in new Option[]
        {
            _testData, _fraction, _loss, _lambda, _iterations, _targetSubopt, _targetGap, _timeLimit, _seed, _engine, _cluster, _compute,
            _transport, _hostfile, _mpirun, _mpiTimeout, _localIterations, _beta, _gamma, _history, _noShrinking, _noOptimum, _store,
        })
        {
            command.Options.Add(option);
        }
    }

    public TrainingSettings Bind(ParseResult parsed)
    {
        var fraction = parsed.GetValue(_fraction);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new HemingwayException($"--fraction must be in (0, 1], got {Output.Format.Plain(fraction)}");
        }

        if (parsed.GetValue(_targetSubopt) is not null && parsed.GetValue(_noOptimum))
        {
            throw new HemingwayException("--target-subopt needs P*, which --no-optimum turns off");
        }

        var engine = parsed.GetValue(_engine)!;
        var testData = parsed.GetValue(_testData);
        if (testData is not null && engine == "mpi")
        {
            throw new HemingwayException("--test-data is not supported with --engine mpi (the ranks hold only their shards); use --engine inproc or sim");
        }

        var cluster = engine == "sim" ? ClusterSpec.Parse(parsed.GetValue(_cluster)!).ToString() : "";
        var stop = new StopCriteria(
            MaxIterations: parsed.GetValue(_iterations),
            TargetSuboptimality: parsed.GetValue(_targetSubopt),
            TargetRelativeGap: parsed.GetValue(_targetGap),
            TimeLimit: parsed.GetValue(_timeLimit) is { } s ? TimeSpan.FromSeconds(s) : null);
        stop.Validate();
        var history = parsed.GetValue(_history);
        if (history < 1)
        {
            throw new HemingwayException($"--history must be ≥ 1, got {history}");
        }

        return new TrainingSettings(
            parsed.GetValue(_data.Data)!,
            _data.LoadOptions(parsed),
            fraction,
            parsed.GetValue(_loss)!,
            parsed.GetValue(_lambda),
            stop,
            parsed.GetValue(_seed),
            engine,
            cluster,
            engine == "sim" ? parsed.GetValue(_compute)! : "",
            new AlgorithmSettings(parsed.GetValue(_localIterations), parsed.GetValue(_beta), parsed.GetValue(_gamma), history),
            !parsed.GetValue(_noShrinking),
            !parsed.GetValue(_noOptimum),
            parsed.GetValue(_store)!,
            engine == "mpi" ? BindMpi(parsed) : null,
            testData);
    }

    /// <summary>How to start mpirun, checked now (mpirun found, hostfile present) so that a sweep fails before its first run.</summary>
    private MpiLaunchOptions BindMpi(ParseResult parsed)
    {
        var options = new MpiLaunchOptions(
            parsed.GetValue(_transport)!,
            parsed.GetValue(_hostfile),
            parsed.GetValue(_mpirun),
            parsed.GetValue(_mpiTimeout));
        _ = new MpiLauncher(options).Check();
        return options;
    }
}
