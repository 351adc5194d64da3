using System.Globalization;
using System.Text.Json;
using Hemingway.Core;
using Hemingway.Modeling.SystemModel;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>
/// Ernest's A-optimal experiment design: the candidates of its expt_design.py, a feasible solution, and an objective
/// within 1e-6 (relative) of scipy's SLSQP on the same problem.
/// </summary>
public sealed class ExperimentDesignTests
{
    /// <summary>
    /// The problem exactly as expt_design.py builds it (its feature order [1, s/m, m, log m], scaled by column means;
    /// its cost), solved by SLSQP with analytic gradients from a feasible start, plus our weights' objective evaluated
    /// by numpy. Arguments: min/max/total parts, min/max machines, cores, budget, interpolation count, a JSON file with
    /// our weights.
    /// </summary>
    private const string SlsqpReference = """
        import json, sys
        import numpy as np
        from scipy.optimize import minimize
        min_parts, max_parts, total, mcs_min, mcs_max, cores = [int(v) for v in sys.argv[1:7]]
        budget = float(sys.argv[7]); num = int(sys.argv[8])
        ours = np.array(json.loads(open(sys.argv[9]).read()))
        scale_min = float(min_parts) / float(total)
        pts = [(s, m) for s in np.linspace(scale_min, float(max_parts) / float(total), num)
               for m in range(mcs_min, mcs_max + 1) if np.round(s * total) >= cores * m]
        F = np.array([[1.0, s / m, float(m), np.log(m)] for s, m in pts])
        G = F / np.mean(F, axis=0)
        c = np.array([s / scale_min / m for s, m in pts])
        def inverse(l):
            return np.linalg.inv(G.T @ (l[:, None] * G))
        def objective(l):
            return float(np.trace(inverse(l)))
        def gradient(l):
            V = G @ inverse(l)
            return -np.sum(V * V, axis=1)
        x0 = np.full(len(pts), min(0.5, 0.5 * budget / c.sum()))
        res = minimize(objective, x0, jac=gradient, method="SLSQP", bounds=[(0.0, 1.0)] * len(pts),
                       constraints=[{"type": "ineq", "fun": lambda l: budget - c @ l, "jac": lambda l: -c}],
                       options={"ftol": 1e-10, "maxiter": 1000})
        print(json.dumps({"slsqp": float(res.fun), "slsqp_success": bool(res.success), "slsqp_cost": float(c @ res.x),
                          "ours": objective(ours) if len(ours) == len(pts) else None,
                          "machines": [int(m) for s, m in pts], "fractions": [float(s) for s, m in pts],
                          "costs": [float(v) for v in c]}))
        """;

    public static TheoryData<int, int, int, int, int, int, double, int> OptionSets => new()
    {
        // Ernest's RCV1 example (examples/mllib_rcv1.md), default budget 10.
        { 4, 32, 256, 1, 8, 4, 10.0, 20 },
        { 2, 64, 128, 1, 16, 2, 10.0, 20 },
        { 10, 100, 1000, 2, 20, 4, 5.0, 10 },
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void The_design_is_feasible_and_as_good_as_slsqp(
        int minParts, int maxParts, int totalParts, int minMachines, int maxMachines, int cores, double budget, int interpolate)
    {
        var options = new DesignOptions
        {
            MinParts = minParts,
            MaxParts = maxParts,
            TotalParts = totalParts,
            MinMachines = minMachines,
            MaxMachines = maxMachines,
            CoresPerMachine = cores,
            Budget = budget,
            PartsInterpolate = interpolate,
        };
        var result = ExperimentDesign.Solve(options);

        var weightsFile = Path.GetTempFileName();
        JsonElement reference;
        try
        {
            File.WriteAllText(weightsFile, JsonSerializer.Serialize(result.Weights));
            string[] args =
            [
                .. new[] { minParts, maxParts, totalParts, minMachines, maxMachines, cores }.Select(v => v.ToString(CultureInfo.InvariantCulture)),
                budget.ToString("R", CultureInfo.InvariantCulture),
                interpolate.ToString(CultureInfo.InvariantCulture),
                weightsFile,
            ];
            using var json = JsonDocument.Parse(PythonReference.Run(SlsqpReference, args));
            reference = json.RootElement.Clone();
        }
        finally
        {
            File.Delete(weightsFile);
        }

        // The same candidates, in the same order, with the same costs.
        var machines = reference.GetProperty("machines").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var fractions = reference.GetProperty("fractions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var costs = reference.GetProperty("costs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(machines, result.Candidates.Select(c => c.Machines).ToArray());
        Assert.Equal(fractions, result.Candidates.Select(c => c.Fraction).ToArray());
        for (var i = 0; i < costs.Length; i++)
        {
            Assert.Equal(costs[i], result.Candidates[i].Cost, 1e-12);
        }

        // Feasible: every weight in [0, 1], the cost within the budget.
        Assert.All(result.Weights, w => Assert.InRange(w, 0.0, 1.0));
        var cost = result.Weights.Select((w, i) => w * costs[i]).Sum();
        Assert.True(cost <= budget * (1 + 1e-12), $"cost {cost:R} exceeds the budget {budget}");
        Assert.Equal(cost, result.Cost, 1e-9);

        // The reported objective is trace((Σ λ F)⁻¹) of the reported weights, as numpy computes it.
        var ours = reference.GetProperty("ours").GetDouble();
        Assert.True(Math.Abs(result.Objective - ours) <= 1e-10 * ours, $"objective {result.Objective:R}, numpy says {ours:R}");

        // As good as SLSQP to 1e-6 relative (either way), and the certified gap is tiny.
        Assert.True(reference.GetProperty("slsqp_success").GetBoolean(), "SLSQP did not report success");
        Assert.True(reference.GetProperty("slsqp_cost").GetDouble() <= budget * (1 + 1e-9), "SLSQP's solution is over the budget");
        var slsqp = reference.GetProperty("slsqp").GetDouble();
        Assert.True(
            Math.Abs(result.Objective - slsqp) <= 1e-6 * slsqp,
            $"objective {result.Objective:R}, SLSQP {slsqp:R} (relative {(result.Objective - slsqp) / slsqp:G3})");
        Assert.True(result.GapBound <= 1e-9 * result.Objective, $"certified gap {result.GapBound:G3}");

        // Chosen: exactly the weights above 0.3, heaviest first.
        var expected = Enumerable.Range(0, result.Weights.Count).Where(i => result.Weights[i] > 0.3).OrderByDescending(i => result.Weights[i]).ToArray();
        Assert.Equal(expected.Select(i => (machines[i], fractions[i])), result.Chosen.Select(p => (p.Machines, p.Fraction)));
        Assert.NotEmpty(result.Chosen);
        Assert.All(result.Chosen, p => Assert.Equal(p.Machines * cores, p.Cores));
        Assert.All(result.Chosen, p => Assert.Equal((int)Math.Ceiling(p.Fraction * totalParts), p.Partitions));
    }

    [Fact]
    public void Ernests_rcv1_example_starts_with_the_points_its_readme_shows()
    {
        // examples/mllib_rcv1.md: "8, 32, 0.125000, 32, 1.000000 / 1, 4, 0.015625, 4, 1.000000 / 1, 4, 0.021382, 6, 1.000000".
        var result = ExperimentDesign.Solve(new DesignOptions
        {
            MinParts = 4,
            MaxParts = 32,
            TotalParts = 256,
            MinMachines = 1,
            MaxMachines = 8,
            CoresPerMachine = 4,
        });
        Assert.Equal((8, 32, 0.125, 32), (result.Chosen[0].Machines, result.Chosen[0].Cores, result.Chosen[0].Fraction, result.Chosen[0].Partitions));
        Assert.Equal((1, 4, 0.015625, 4), (result.Chosen[1].Machines, result.Chosen[1].Cores, result.Chosen[1].Fraction, result.Chosen[1].Partitions));
        Assert.Equal((1, 4, 6), (result.Chosen[2].Machines, result.Chosen[2].Cores, result.Chosen[2].Partitions));
        Assert.Equal(0.021382, result.Chosen[2].Fraction, 1e-6);
        Assert.All(result.Chosen.Take(3), p => Assert.Equal(1.0, p.Weight, 1e-6));
    }

    [Fact]
    public void Linspace_matches_numpy()
    {
        var values = ExperimentDesign.Linspace(4 / 256.0, 32 / 256.0, 20);
        var numpy = PythonReference.Numbers(PythonReference.Run(
            "import numpy as np\nprint(' '.join(repr(float(v)) for v in np.linspace(4/256.0, 32/256.0, 20)))\n"));
        Assert.Equal(numpy, values);
    }

    [Fact]
    public void No_candidates_is_a_clear_error()
    {
        var e = Assert.Throws<HemingwayException>(() => ExperimentDesign.Solve(new DesignOptions
        {
            MinParts = 1,
            MaxParts = 3,
            TotalParts = 100,
            MinMachines = 2,
            MaxMachines = 4,
            CoresPerMachine = 2,
        }));
        Assert.StartsWith("no candidate points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_that_cannot_determine_the_model_are_a_clear_error()
    {
        // One machine count only: 1, log m and m are the same column up to scale.
        var e = Assert.Throws<HemingwayException>(() => ExperimentDesign.Solve(new DesignOptions
        {
            MinParts = 8,
            MaxParts = 64,
            TotalParts = 64,
            MinMachines = 4,
            MaxMachines = 4,
        }));
        Assert.Contains("cannot determine the model's 4 coefficients", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 8, 64, 1, 4, 2, 10.0, 20, "--min-parts must be at least 1")]
    [InlineData(8, 4, 64, 1, 4, 2, 10.0, 20, "--max-parts (4) must be at least --min-parts (8)")]
    [InlineData(4, 8, 6, 1, 4, 2, 10.0, 20, "--total-parts (6) must be at least --max-parts (8)")]
    [InlineData(4, 8, 64, 3, 2, 2, 10.0, 20, "--max-machines (2) must be at least --min-machines (3)")]
    [InlineData(4, 8, 64, 1, 4, 0, 10.0, 20, "--cores-per-machine must be at least 1")]
    [InlineData(4, 8, 64, 1, 4, 2, 0.0, 20, "--budget must be a positive number")]
    [InlineData(4, 8, 64, 1, 4, 2, 10.0, 0, "--num-parts-interpolate must be between 1 and 10000")]
    public void Bad_options_are_clear_errors(
        int minParts, int maxParts, int totalParts, int minMachines, int maxMachines, int cores, double budget, int interpolate, string message)
    {
        var e = Assert.Throws<HemingwayException>(() => ExperimentDesign.Solve(new DesignOptions
        {
            MinParts = minParts,
            MaxParts = maxParts,
            TotalParts = totalParts,
            MinMachines = minMachines,
            MaxMachines = maxMachines,
            CoresPerMachine = cores,
            Budget = budget,
            PartsInterpolate = interpolate,
        }));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_that_covers_everything_gives_every_candidate_full_weight()
    {
        var options = new DesignOptions
        {
            MinParts = 4,
            MaxParts = 16,
            TotalParts = 64,
            MinMachines = 1,
            MaxMachines = 4,
            Budget = 1e6,
            PartsInterpolate = 5,
        };
        var result = ExperimentDesign.Solve(options);

        // trace(M⁻¹) decreases in every λᵢ: with the budget not binding all weights go to 1.
        Assert.All(result.Weights, w => Assert.Equal(1.0, w, 1e-6));
        Assert.Equal(result.Candidates.Count, result.Chosen.Count);
    }
}
