using System.CommandLine;
using Hemingway.Core.Data;

namespace Hemingway.Cli.Commands;

/// <summary>The options that say which dataset to load, shared by every command that reads data.</summary>
internal sealed class DataOptions
{
    public Option<string> Data { get; } = new("--data")
    {
        Description = "Dataset: mnist:D (MNIST train, digit D vs rest, pixels in [0,1]), mnist-test:D (MNIST test set), fashion:K (Fashion-MNIST, class K vs rest), " +
            "a LIBSVM/SVMlight file, or a .csv file with a label column",
        DefaultValueFactory = _ => "mnist:5",
        HelpName = "SPEC",
    };

    public Option<int?> Features { get; } = new("--features")
    {
        Description = "Fix the dimension d of a LIBSVM file; an index above it is an error (default: the largest index seen)",
        HelpName = "d",
    };

    public Option<double?> PositiveClass { get; } = new("--positive-class")
    {
        Description = "Reduce a multi-class file to one-vs-rest: this label becomes +1, every other −1 (default: labels kept; 0/1 become −1/+1)",
        HelpName = "LABEL",
    };

    public Option<string?> LabelColumn { get; } = new("--label-column")
    {
        Description = "CSV only: the label column, by header name or 0-based index (default: the first column)",
        HelpName = "NAME|INDEX",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Features);
        command.Options.Add(PositiveClass);
        command.Options.Add(LabelColumn);
    }

    public DatasetLoadOptions LoadOptions(ParseResult parsed) => new()
    {
        Features = parsed.GetValue(Features),
        PositiveClass = parsed.GetValue(PositiveClass),
        LabelColumn = parsed.GetValue(LabelColumn),
    };

    public Dataset Load(ParseResult parsed) => DatasetSpec.Load(parsed.GetValue(Data)!, LoadOptions(parsed));
}
