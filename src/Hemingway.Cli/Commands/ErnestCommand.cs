using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Output;
using Hemingway.Core;
using Hemingway.Modeling.SystemModel;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway ernest fit|predict|design</c>: Ernest's system model as a drop-in for its scripts. <c>fit</c> does
/// what predictor.py does (NNLS on a <c>machines,fraction,time</c> CSV, prediction ratios, predictions for 4…60
/// machines) and adds leave-one-out error and a model file; <c>predict</c> answers from a CSV or a model file;
/// <c>design</c> is expt_design.py with the same options (its short names are accepted as aliases) and defaults.
/// </summary>
internal static class ErnestCommand
{
    /// <summary>The machines Ernest's predictor.py predicts for: 4, 8, …, 60.</summary>
    private const string DefaultMachines = "4,8,12,16,20,24,28,32,36,40,44,48,52,56,60";

    public static Command Create()
    {
        var command = new Command("ernest", "Ernest's system model: seconds per iteration = θ0 + θ1·s/m + θ2·log(m) + θ3·m, θ ≥ 0 (fit, predict, experiment design)");
        command.Subcommands.Add(CreateFit());
        command.Subcommands.Add(CreatePredict());
        command.Subcommands.Add(CreateDesign());
        command.Subcommands.Add(ErnestMeasureCommand.Create());
        return command;
    }

    private static Command CreateFit()
    {
        var csv = new Option<string>("--csv")
        {
            Description = "Ernest's training data: lines machines,fraction,time (seconds per iteration); '#' lines are comments",
            Required = true,
            HelpName = "FILE.csv",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Also save the model (features, θ, training range, cross-validated error, points) as JSON to this file (default: not saved)",
            HelpName = "MODEL.json",
        };
        var targets = new PredictionOptions();
        var json = JsonOption();
        var command = new Command("fit", "Fit θ by non-negative least squares, print θ, the training prediction ratios, the leave-one-out error and predictions");
        command.Options.Add(csv);
        command.Options.Add(output);
        targets.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(csv)!;
            var model = ErnestModel.Fit(ErnestCsv.Read(path), path);
            var predictions = targets.Predict(parsed, model);
            var modelFile = parsed.GetValue(output);
            if (modelFile is { Length: > 0 })
            {
                model.Save(modelFile);
                parsed.InvocationConfiguration.Error.WriteLine($"wrote the model to {modelFile}");
            }

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new FitReport(
                    path,
                    model.Points.Count,
                    ErnestModel.FeatureNames,
                    model.Theta,
                    model.ResidualNorm,
                    model.TrainingRatios(),
                    model.TrainingRange,
                    model.CrossValidation,
                    predictions,
                    modelFile is { Length: > 0 } ? modelFile : null));
                return CliApp.Success;
            }

            PrintFit(stdout, path, model, predictions);
            return CliApp.Success;
        });
        return command;
    }

    private static Command CreatePredict()
    {
        var csv = new Option<string?>("--csv")
        {
            Description = "Fit on this Ernest CSV first (machines,fraction,time lines) (default: none; give --csv or --model)",
            HelpName = "FILE.csv",
        };
        var modelFile = new Option<string?>("--model")
        {
            Description = "Use a model saved by 'ernest fit --out' (default: none; give --csv or --model)",
            HelpName = "MODEL.json",
        };
        var targets = new PredictionOptions();
        var json = JsonOption();
        var command = new Command("predict", "Predict seconds per iteration for given machines and data fractions");
        command.Options.Add(csv);
        command.Options.Add(modelFile);
        targets.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var csvPath = parsed.GetValue(csv);
            var modelPath = parsed.GetValue(modelFile);
            if (csvPath is not null && modelPath is not null)
            {
                throw new HemingwayException("give either --csv FILE or --model FILE, not both");
            }

            var source = csvPath ?? modelPath ?? throw new HemingwayException(
                "give --csv FILE (Ernest's training data) or --model FILE (a model saved by 'ernest fit --out')");
            var model = csvPath is not null ? ErnestModel.Fit(ErnestCsv.Read(csvPath), csvPath) : ErnestModel.Load(modelPath!);
            var predictions = targets.Predict(parsed, model);
            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new PredictReport(source, model.Theta, model.TrainingRange, model.CrossValidation, predictions));
                return CliApp.Success;
            }

            stdout.WriteLine($"model {ErnestModel.Formula}, θ = [{string.Join(", ", model.Theta.Select(Number))}] from {source}");
            PrintPredictions(stdout, predictions, model.CrossValidation);
            return CliApp.Success;
        });
        return command;
    }

    private static Command CreateDesign()
    {
        var minParts = new Option<int>("--min-parts") { Description = "Fewest input partitions an experiment uses", Required = true, HelpName = "N" };
        var maxParts = new Option<int>("--max-parts") { Description = "Most input partitions an experiment uses", Required = true, HelpName = "N" };
        var totalParts = new Option<int>("--total-parts") { Description = "Partitions of the whole dataset", Required = true, HelpName = "N" };
        var minMachines = new Option<int>("--min-machines", "--min-mcs")
        {
            Description = "Fewest machines an experiment uses",
            DefaultValueFactory = _ => 1,
            HelpName = "M",
        };
        var maxMachines = new Option<int>("--max-machines", "--max-mcs")
        {
            Description = "Most machines an experiment uses",
            DefaultValueFactory = _ => 16,
            HelpName = "M",
        };
        var cores = new Option<int>("--cores-per-machine", "--cores-per-mc")
        {
            Description = "Cores or slots per machine; a candidate needs round(fraction · total parts) ≥ cores · machines",
            DefaultValueFactory = _ => 2,
            HelpName = "C",
        };
        var budget = new Option<double>("--budget")
        {
            Description = "Budget on Σ λ · (fraction / smallest fraction) / machines",
            DefaultValueFactory = _ => 10.0,
            HelpName = "B",
        };
        var interpolate = new Option<int>("--num-parts-interpolate")
        {
            Description = "Data fractions interpolated between min and max parts",
            DefaultValueFactory = _ => 20,
            HelpName = "K",
        };
        var json = JsonOption();
        var command = new Command(
            "design",
            "A-optimal experiment design (Ernest's expt_design.py): which (machines, fraction) points to measure within a budget; " +
            "prints the points with weight λ > 0.3, heaviest first");
        foreach (var option in new Option[] { minParts, maxParts, totalParts, minMachines, maxMachines, cores, budget, interpolate, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var options = new DesignOptions
            {
                MinParts = parsed.GetValue(minParts),
                MaxParts = parsed.GetValue(maxParts),
                TotalParts = parsed.GetValue(totalParts),
                MinMachines = parsed.GetValue(minMachines),
                MaxMachines = parsed.GetValue(maxMachines),
                CoresPerMachine = parsed.GetValue(cores),
                Budget = parsed.GetValue(budget),
                PartsInterpolate = parsed.GetValue(interpolate),
            };
            var result = ExperimentDesign.Solve(options);
            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new DesignReport(
                    options.MinParts,
                    options.MaxParts,
                    options.TotalParts,
                    options.MinMachines,
                    options.MaxMachines,
                    options.CoresPerMachine,
                    options.Budget,
                    options.PartsInterpolate,
                    result.Candidates.Count,
                    result.Objective,
                    result.GapBound,
                    result.Cost,
                    result.Chosen));
                return CliApp.Success;
            }

            PrintDesign(stdout, result);
            return CliApp.Success;
        });
        return command;
    }

    private static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print one JSON object on stdout instead of tables (default: tables)",
    };

    private static void PrintFit(TextWriter output, string path, ErnestModel model, IReadOnlyList<Prediction> predictions)
    {
        var range = model.TrainingRange;
        output.WriteLine(
            $"Ernest's model {ErnestModel.Formula}, fitted on {range.Points} points from {path} " +
            $"(machines {range.MinMachines}–{range.MaxMachines}, fraction {Number(range.MinFraction)}–{Number(range.MaxFraction)})");
        var console = TableConsole.For(output);
        var theta = new Table().Border(TableBorder.Rounded).AddColumn("θ").AddColumn("feature").AddColumn(new TableColumn("value").RightAligned());
        for (var j = 0; j < ErnestModel.FeatureCount; j++)
        {
            theta.AddRow($"θ{j}", Markup.Escape(ErnestModel.FeatureNames[j]), Number(model.Theta[j]));
        }

        console.Write(theta);
        output.WriteLine($"theta: [{string.Join(", ", model.Theta.Select(Number))}]  residual norm {Number(model.ResidualNorm)}");

        var ratios = model.TrainingRatios();
        var training = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "machines", "fraction", "seconds", "predicted", "ratio" })
        {
            training.AddColumn(new TableColumn(column).RightAligned());
        }

        for (var i = 0; i < model.Points.Count; i++)
        {
            var point = model.Points[i];
            training.AddRow(
                Format.Count(point.Machines),
                Number(point.Fraction),
                Number(point.Seconds),
                Number(model.Predict(point.Machines, point.Fraction)),
                Percent(ratios[i]));
        }

        console.Write(training);
        output.WriteLine($"Prediction ratios are {string.Join(", ", ratios.Select(Percent))}");
        PrintPredictions(output, predictions, model.CrossValidation);
    }

    private static void PrintPredictions(TextWriter output, IReadOnlyList<Prediction> predictions, ErnestCrossValidation? cv)
    {
        if (cv is not null)
        {
            output.WriteLine(
                $"Leave-one-out relative error: median {Percent(cv.MedianRelativeError)}, max {Percent(cv.MaxRelativeError)}");
        }

        var console = TableConsole.For(output);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "machines", "fraction", "predicted seconds" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddColumn("note");
        foreach (var prediction in predictions)
        {
            table.AddRow(
                Format.Count(prediction.Machines),
                Number(prediction.Fraction),
                Number(prediction.Seconds),
                prediction.Extrapolated ? "extrapolated" : "");
        }

        console.Write(table);
    }

    private static void PrintDesign(TextWriter output, DesignResult result)
    {
        var options = result.Options;
        var console = TableConsole.For(output);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "machines", "cores", "fraction", "partitions", "weight λ" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var point in result.Chosen)
        {
            table.AddRow(
                Format.Count(point.Machines),
                Format.Count(point.Cores),
                point.Fraction.ToString("F6", CultureInfo.InvariantCulture),
                Format.Count(point.Partitions),
                point.Weight.ToString("F6", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        output.WriteLine(
            $"{result.Chosen.Count} of {result.Candidates.Count} candidate points chosen (λ > {Number(options.SelectionThreshold)}); " +
            $"trace((Σ λ F)⁻¹) = {Number(result.Objective)} (within {result.GapBound.ToString("G2", CultureInfo.InvariantCulture)} of the optimum); " +
            $"cost {Number(result.Cost)} of budget {Number(options.Budget)}");
    }

    private static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A ratio as Ernest prints it: ×100 rounded to two decimals, with a % sign.</summary>
    private static string Percent(double ratio) =>
        Math.Round(ratio * 100, 2, MidpointRounding.ToEven).ToString("0.0#", CultureInfo.InvariantCulture) + "%";

    /// <summary>One prediction: seconds per iteration on some machines with some data fraction.</summary>
    private sealed record Prediction(int Machines, double Fraction, double Seconds, bool Extrapolated);

    private sealed record FitReport(
        string Csv,
        int Points,
        IReadOnlyList<string> Features,
        IReadOnlyList<double> Theta,
        double ResidualNorm,
        IReadOnlyList<double> Ratios,
        ErnestTrainingRange TrainingRange,
        ErnestCrossValidation? CrossValidation,
        IReadOnlyList<Prediction> Predictions,
        string? ModelFile);

    private sealed record PredictReport(
        string Source,
        IReadOnlyList<double> Theta,
        ErnestTrainingRange TrainingRange,
        ErnestCrossValidation? CrossValidation,
        IReadOnlyList<Prediction> Predictions);

    private sealed record DesignReport(
        int MinParts,
        int MaxParts,
        int TotalParts,
        int MinMachines,
        int MaxMachines,
        int CoresPerMachine,
        double Budget,
        int NumPartsInterpolate,
        int Candidates,
        double Objective,
        double GapBound,
        double Cost,
        IReadOnlyList<DesignPoint> Points);

    /// <summary>--machines and --fraction: which points to predict, every machine count with every fraction.</summary>
    private sealed class PredictionOptions
    {
        private readonly Option<string> _machines = new("--machines")
        {
            Description = "Machine counts to predict for, comma-separated (4,8,…,60 like Ernest's predictor.py)",
            DefaultValueFactory = _ => DefaultMachines,
            HelpName = "M,M,…",
        };

        private readonly Option<string> _fraction = new("--fraction")
        {
            Description = "Data fractions s to predict for, comma-separated",
            DefaultValueFactory = _ => "1.0",
            HelpName = "S,S,…",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(_machines);
            command.Options.Add(_fraction);
        }

        public Prediction[] Predict(ParseResult parsed, ErnestModel model)
        {
            var machines = List(parsed.GetValue(_machines)!, "--machines", ParseMachines);
            var fractions = List(parsed.GetValue(_fraction)!, "--fraction", ParseFraction);
            var range = model.TrainingRange;
            var predictions = new List<Prediction>();
            foreach (var fraction in fractions)
            {
                foreach (var m in machines)
                {
                    var outside = m < range.MinMachines || m > range.MaxMachines || fraction < range.MinFraction || fraction > range.MaxFraction;
                    predictions.Add(new Prediction(m, fraction, model.Predict(m, fraction), outside));
                }
            }

            return [.. predictions];
        }

        private static T[] List<T>(string text, string option, Func<string, string, T> parse)
        {
            var items = text.Split(',', StringSplitOptions.TrimEntries);
            if (items.Length == 0 || items.Any(item => item.Length == 0))
            {
                throw new HemingwayException($"{option}: expected a comma-separated list, got '{text}'");
            }

            return items.Select(item => parse(item, option)).ToArray();
        }

        private static int ParseMachines(string item, string option) =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m >= 1
                ? m
                : throw new HemingwayException($"{option}: value '{item}' is not a positive whole number of machines");

        private static double ParseFraction(string item, string option) =>
            double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && double.IsFinite(s)
                ? s
                : throw new HemingwayException($"{option}: value '{item}' is not a positive number");
    }
}
