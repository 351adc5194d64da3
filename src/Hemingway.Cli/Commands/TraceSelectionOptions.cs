using System.CommandLine;
using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Convergence;

namespace Hemingway.Cli.Commands;

/// <summary>The options of <c>fit</c> and <c>validate</c> that choose which traces in the store a model learns from.</summary>
internal sealed class TraceSelectionOptions
{
    private readonly Option<string> _algorithm = new("--algorithm")
    {
        Description = "The algorithm whose runs are modelled (required)",
        Required = true,
    };

    private readonly Option<string> _store = new("--store")
    {
        Description = "The trace store to read",
        DefaultValueFactory = _ => TraceStore.DefaultPath,
        HelpName = "FILE",
    };

    private readonly Option<string?> _dataset = new("--dataset") { Description = "Only runs on this dataset spec (default: any, but they must not mix problems)" };

    private readonly Option<string?> _engine = new("--engine") { Description = "Only runs on this engine: inproc, sim, or an imported trace's engine (default: any)" };

    private readonly Option<string?> _loss = new("--loss") { Description = "Only runs with this loss (default: any)" };

    private readonly Option<double?> _lambda = new("--lambda") { Description = "Only runs with this λ (default: any)" };

    private readonly Option<double> _fraction = new("--fraction")
    {
        Description = "Only runs on this fraction of the data",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<string> _target = new("--target")
    {
        Description = "What the convergence model fits the log of: subopt (P − P*), gap (the duality gap P − D; sdca, cocoa and cocoa+ only) " +
            "or test-error (the test error that runs with --test-data record: the misclassification rate, or the mean squared error for the squared loss)",
        DefaultValueFactory = _ => ConvergenceTarget.Suboptimality.Name,
    };

    public TraceSelectionOptions()
    {
        _target.AcceptOnlyFromAmong([.. ConvergenceTarget.All.Select(t => t.Name)]);
    }

    public string Algorithm(ParseResult parsed) => parsed.GetValue(_algorithm)!;

    public ConvergenceTarget Target(ParseResult parsed) => ConvergenceTarget.Parse(parsed.GetValue(_target)!);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _algorithm, _target, _store, _dataset, _engine, _loss, _lambda, _fraction })
        {
            command.Options.Add(option);
        }
    }

    public TraceSelection Load(ParseResult parsed)
    {
        using var store = TraceStore.Open(parsed.GetValue(_store)!);
        return TraceSelection.Load(
            store, Algorithm(parsed), parsed.GetValue(_dataset), parsed.GetValue(_engine), parsed.GetValue(_loss), parsed.GetValue(_lambda), parsed.GetValue(_fraction));
    }
}
