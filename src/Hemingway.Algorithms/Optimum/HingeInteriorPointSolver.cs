using System.Diagnostics;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// Solves the hinge-loss (linear SVM) problem to a certified tiny duality gap, where dual coordinate ascent stalls
/// because the primal is not smooth. The dual is the box-constrained quadratic program in b = α y ∈ [0, 1]ⁿ
/// <c>min ½ bᵀ Q b − Σ b_i, Q = Z Zᵀ / (λn)</c>, rows z_i = y_i x_i, and it is solved in three stages:
/// <list type="number">
/// <item>a primal–dual interior-point method (Mehrotra's predictor–corrector), whose Newton systems
/// (Σ + Q) Δb = r are solved through the d×d matrix λn I + Zᵀ Σ⁻¹ Z (Woodbury) with conjugate-gradient refinement
/// (see <see cref="WoodburyPreconditioner"/>), so the cost per iteration is O(Σ nnz_i² + d³), not O(n³);</item>
/// <item>once its gap is small, an exact active-set finish: the examples are split into b_i = 0, b_i = 1 and free,
/// the free b solve a linear system, and violators are exchanged until the optimality conditions hold
/// (<see cref="HingeActiveSet"/>);</item>
/// <item>as a last resort only, warm-started dual coordinate epochs.</item>
/// </list>
/// The result is certified by <see cref="RegularizedProblem.Primal"/> and <see cref="RegularizedProblem.Dual"/>
/// evaluated at α = y b and w(α). The d×d matrix limits this to <see cref="MaxDimension"/> features; larger problems
/// are left to SDCA (see <see cref="Supports"/>).
/// </summary>
public sealed class HingeInteriorPointSolver
{
    /// <summary>The largest d the solver takes: it factors a dense d×d matrix every iteration.</summary>
    public const int MaxDimension = 4096;

    private const int MaxInteriorPointIterations = 120;
    private const int MaxPcgIterations = 40;
    private const double PcgTolerance = 1e-9;

    // First try of the exact finish once the interior-point gap is this small, then after every further factor of 100.
    private const double FirstHandoffGap = 1e-6;
    private const double HandoffStep = 1e-2;

    private const int MaxPolishEpochs = 2000;
    private const int PolishCheckEvery = 10;

    private readonly RegularizedProblem _problem;
    private readonly HingeDualData _data;

    /// <summary>A solver for the hinge-loss <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem; its loss must be the hinge loss and d at most <see cref="MaxDimension"/>.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the d×d accumulation; 0 picks the processor count (at most 4).</param>
    public HingeInteriorPointSolver(RegularizedProblem problem, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!Supports(problem))
        {
            throw new HemingwayException(
                $"{problem.Data.Name}: the interior-point solver needs the hinge loss and at most {MaxDimension} features " +
                $"(got {problem.Loss.Name}, d = {problem.Dimension})");
        }

        _problem = problem;
        var threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Math.Min(Environment.ProcessorCount, 4);

        // Each extra thread keeps its own d×d accumulator: cap their memory at about 256 MB.
        var perThread = 8L * problem.Dimension * problem.Dimension;
        threads = (int)Math.Max(1, Math.Min(threads, 1 + ((256L << 20) / Math.Max(perThread, 1))));
        _data = new HingeDualData(problem, threads);
    }

    /// <summary>True for the hinge loss with d ≤ <see cref="MaxDimension"/>.</summary>
    public static bool Supports(RegularizedProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Loss is HingeLoss && problem.Dimension <= MaxDimension;
    }

    /// <summary>
    /// Solves until P(w(α)) − D(α) ≤ <paramref name="targetRelativeGap"/> · |P|, certified by the problem's own
    /// objective functions. Throws a <see cref="HemingwayException"/> when every stage fails to reach it.
    /// </summary>
    /// <param name="targetRelativeGap">The relative duality gap to certify.</param>
    /// <param name="onIteration">Called after every interior-point iteration with P and D at its (interior) point.</param>
    public HingeSolution Solve(double targetRelativeGap = OptimumOracle.RelativeGap, Action<IterationRecord>? onIteration = null)
    {
        if (!(targetRelativeGap > 0))
        {
            throw new HemingwayException($"the target duality gap must be > 0, got {targetRelativeGap}");
        }

        var clock = Stopwatch.StartNew();
        var n = _data.Rows;
        var b = new double[n];
        var t = new double[n];
        var z = new double[n];
        var s = new double[n];
        var w = new double[_data.Dimension];
        var g = new double[n];
        var rd = new double[n];
        var rp = new double[n];
        var rz = new double[n];
        var rs = new double[n];
        var rhs = new double[n];
        var db = new double[n];
        var dt = new double[n];
        var dz = new double[n];
        var ds = new double[n];
        var dbAffine = new double[n];
        var dtAffine = new double[n];
        var dzAffine = new double[n];
        var dsAffine = new double[n];
        var solver = new WoodburyPreconditioner(_data);
        var sigma = solver.ExactSigma;

        StartingPoint(b, t, z, s, w, g);

        var handoff = FirstHandoffGap;
        var activeSetRounds = 0;
        var iteration = 0;
        var stalled = 0;
        var previousMu = double.PositiveInfinity;
        HingeSolution? solution = null;
        for (; ; iteration++)
        {
            var complementarity = new CompensatedSum();
            for (var i = 0; i < n; i++)
            {
                rd[i] = g[i] - z[i] + s[i];
                rp[i] = b[i] + t[i] - 1;
                complementarity.Add(b[i] * z[i]);
                complementarity.Add(t[i] * s[i]);
            }

            var mu = complementarity.Value / (2.0 * n);
            var (primal, dual) = _data.Objectives(b, w, g);
            var relativeGap = (primal - dual) / Math.Abs(primal);
            onIteration?.Invoke(new IterationRecord(iteration, clock.Elapsed.TotalSeconds, primal, dual, null));

            if (relativeGap <= 0.5 * targetRelativeGap && Certify(b, 0, 0, 0, clock) is { } direct && direct.RelativeGap <= targetRelativeGap)
            {
                solution = direct with { InteriorPointIterations = iteration };
                break;
            }

            stalled = mu < 0.99 * previousMu ? 0 : stalled + 1;
            previousMu = Math.Min(previousMu, mu);
            var finished = iteration >= MaxInteriorPointIterations || stalled >= 8 || !double.IsFinite(mu);
            if (relativeGap <= handoff || finished)
            {
                handoff = Math.Min(handoff, relativeGap) * HandoffStep;
                if (TryActiveSet(b, t, z, s, iteration, clock, targetRelativeGap, ref activeSetRounds) is { } exact)
                {
                    solution = exact;
                    break;
                }
            }

            if (finished)
            {
                break;
            }

            // Newton matrix Σ + Q, with Σ = z/b + s/t.
            for (var i = 0; i < n; i++)
            {
                sigma[i] = (z[i] / b[i]) + (s[i] / t[i]);
            }

            var factorWatch = Stopwatch.StartNew();
            solver.Factor();
            var factorSeconds = factorWatch.Elapsed.TotalSeconds;

            // Predictor (affine scaling) direction.
            for (var i = 0; i < n; i++)
            {
                rz[i] = -b[i] * z[i];
                rs[i] = -t[i] * s[i];
            }

            Direction(solver, b, t, z, s, rd, rp, rz, rs, rhs, dbAffine, dtAffine, dzAffine, dsAffine);
            var affineStep = Math.Min(1, MaxStep(b, t, z, s, dbAffine, dtAffine, dzAffine, dsAffine));
            var affine = new CompensatedSum();
            for (var i = 0; i < n; i++)
            {
                affine.Add((b[i] + (affineStep * dbAffine[i])) * (z[i] + (affineStep * dzAffine[i])));
                affine.Add((t[i] + (affineStep * dtAffine[i])) * (s[i] + (affineStep * dsAffine[i])));
            }

            var muAffine = affine.Value / (2.0 * n);
            var centring = Math.Pow(Math.Clamp(muAffine / mu, 0, 1), 3);

            // Corrector: centring plus the second-order term of the predictor.
            for (var i = 0; i < n; i++)
            {
                rz[i] = (centring * mu) - (b[i] * z[i]) - (dbAffine[i] * dzAffine[i]);
                rs[i] = (centring * mu) - (t[i] * s[i]) - (dtAffine[i] * dsAffine[i]);
            }

            Direction(solver, b, t, z, s, rd, rp, rz, rs, rhs, db, dt, dz, ds);
            if (Environment.GetEnvironmentVariable("HW_DEBUG") is not null)
            {
                Console.Error.WriteLine($"    mu={mu:E3} sigma={centring:E2} factor={factorSeconds:F3}s kept={solver.KeptRows} pcg={solver.LastIterations} affStep={affineStep:F4}");
            }
            var fraction = Math.Max(0.995, 1 - (10 * mu));
            var step = Math.Min(1, fraction * MaxStep(b, t, z, s, db, dt, dz, ds));
            for (var i = 0; i < n; i++)
            {
                b[i] += step * db[i];
                t[i] += step * dt[i];
                z[i] += step * dz[i];
                s[i] += step * ds[i];
            }

            Gradient(b, w, g);
        }

        if (solution is null)
        {
            // Last resort: coordinate epochs warm-started from the interior point.
            solution = Polish(b, iteration, activeSetRounds, clock, targetRelativeGap);
        }

        if (solution.RelativeGap > targetRelativeGap)
        {
            throw new HemingwayException(
                $"{_problem.Data.Name}: the hinge optimum could not be certified to a relative gap of {targetRelativeGap:G2} " +
                $"({iteration} interior-point iterations, {activeSetRounds} active-set rounds, {solution.PolishEpochs} epochs): " +
                $"gap {solution.RelativeGap:G3}");
        }

        return solution;
    }

    private void StartingPoint(double[] b, double[] t, double[] z, double[] s, double[] w, double[] g)
    {
        var n = b.Length;
        var mode = Environment.GetEnvironmentVariable("HW_START") ?? "beta";
        var theta = double.Parse(Environment.GetEnvironmentVariable("HW_THETA") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        if (mode == "half")
        {
            Array.Fill(b, 0.5);
        }
        else if (mode == "beta")
        {
            // The best multiple of the all-ones vector: β = n / (κ ‖Σ z_i‖²).
            Array.Fill(b, 1.0);
            _data.TransposeTimes(b, 1, w);
            var norm = 0.0;
            foreach (var v in w)
            {
                norm += v * v;
            }

            var beta = Math.Clamp(n / (_data.Kappa * norm), 1e-3, 0.5);
            Array.Fill(b, beta);
        }
        else
        {
            var epochs = int.Parse(mode, System.Globalization.CultureInfo.InvariantCulture);
            Array.Clear(b);
            Array.Clear(w);
            var norms = _data.SquaredNorms;
            for (var e = 0; e < epochs; e++)
            {
                for (var i = 0; i < n; i++)
                {
                    var q = _data.Kappa * norms[i];
                    if (q <= 0)
                    {
                        continue;
                    }

                    var u = Math.Clamp(b[i] + ((1 - _data.Margin(i, w)) / q), 0, 1);
                    if (u != b[i])
                    {
                        _data.AddRow(i, _data.Kappa * (u - b[i]), w);
                        b[i] = u;
                    }
                }
            }

            Gradient(b, w, g);
            var (p0, d0) = _data.Objectives(b, w, g);
            var mu0 = Math.Max((p0 - d0) / 2, 1e-12) * double.Parse(Environment.GetEnvironmentVariable("HW_MUF") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var lo = double.Parse(Environment.GetEnvironmentVariable("HW_LO") ?? "1e-3", System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < n; i++)
            {
                b[i] = Math.Clamp(b[i], lo, 1 - lo);
                t[i] = 1 - b[i];
            }

            Gradient(b, w, g);
            for (var i = 0; i < n; i++)
            {
                z[i] = Math.Max(g[i], 0) + (mu0 / b[i]);
                s[i] = Math.Max(-g[i], 0) + (mu0 / t[i]);
            }

            return;
        }

        for (var i = 0; i < n; i++)
        {
            t[i] = 1 - b[i];
        }

        Gradient(b, w, g);
        for (var i = 0; i < n; i++)
        {
            z[i] = Math.Max(g[i], 0) + theta;
            s[i] = Math.Max(-g[i], 0) + theta;
        }
    }

    /// <summary>w = κ Zᵀ b and g = Z w − 1.</summary>
    private void Gradient(double[] b, double[] w, double[] g)
    {
        _data.TransposeTimes(b, _data.Kappa, w);
        _data.Times(w, g);
        for (var i = 0; i < g.Length; i++)
        {
            g[i] -= 1;
        }
    }

    /// <summary>
    /// Eliminates Δz, Δs and Δt from the Newton equations
    /// Q Δb − Δz + Δs = −r_d, Δb + Δt = −r_p, z Δb + b Δz = r_z, s Δt + t Δs = r_s, and solves the rest:
    /// (Q + z/b + s/t) Δb = −r_d + r_z/b − (r_s + s r_p)/t.
    /// </summary>
    private static void Direction(
        WoodburyPreconditioner solver, double[] b, double[] t, double[] z, double[] s, double[] rd, double[] rp,
        double[] rz, double[] rs, double[] rhs, double[] db, double[] dt, double[] dz, double[] ds)
    {
        var n = b.Length;
        for (var i = 0; i < n; i++)
        {
            rhs[i] = -rd[i] + (rz[i] / b[i]) - ((rs[i] + (s[i] * rp[i])) / t[i]);
        }

        solver.Solve(rhs, db, PcgTolerance, MaxPcgIterations);
        for (var i = 0; i < n; i++)
        {
            dt[i] = -rp[i] - db[i];
            dz[i] = (rz[i] - (z[i] * db[i])) / b[i];
            ds[i] = (rs[i] - (s[i] * dt[i])) / t[i];
        }
    }

    /// <summary>The largest step in (0, ∞] that keeps b, t, z and s non-negative.</summary>
    private static double MaxStep(double[] b, double[] t, double[] z, double[] s, double[] db, double[] dt, double[] dz, double[] ds)
    {
        var step = double.PositiveInfinity;
        for (var i = 0; i < b.Length; i++)
        {
            if (db[i] < 0)
            {
                step = Math.Min(step, -b[i] / db[i]);
            }

            if (dt[i] < 0)
            {
                step = Math.Min(step, -t[i] / dt[i]);
            }

            if (dz[i] < 0)
            {
                step = Math.Min(step, -z[i] / dz[i]);
            }

            if (ds[i] < 0)
            {
                step = Math.Min(step, -s[i] / ds[i]);
            }
        }

        return step;
    }

    /// <summary>
    /// Guesses each example's side from the interior point (at a bound when its multiplier exceeds its distance to
    /// that bound) and runs the exact finish; the certified solution if it reaches the target, null otherwise.
    /// </summary>
    private HingeSolution? TryActiveSet(
        double[] b, double[] t, double[] z, double[] s, int iterations, Stopwatch clock, double target, ref int rounds)
    {
        var sides = new HingeActiveSet.Side[b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            sides[i] = z[i] > b[i] ? HingeActiveSet.Side.Lower
                : s[i] > t[i] ? HingeActiveSet.Side.Upper
                : HingeActiveSet.Side.Free;
        }

        var maxFree = Math.Min(2 * _data.Dimension, 3000);
        var exact = HingeActiveSet.TrySolve(_data, sides, maxFree, out var used);
        rounds += used;
        if (exact is null)
        {
            return null;
        }

        var certified = Certify(exact, iterations, rounds, 0, clock);
        return certified.RelativeGap <= target ? certified : null;
    }

    /// <summary>Warm-started dual coordinate epochs (SDCA's hinge step) from b, certified every few epochs.</summary>
    private HingeSolution Polish(double[] start, int iterations, int rounds, Stopwatch clock, double target)
    {
        var n = _data.Rows;
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            b[i] = Math.Clamp(start[i], 0, 1);
        }

        var w = new double[_data.Dimension];
        _data.TransposeTimes(b, _data.Kappa, w);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var random = new Random(0);
        var norms = _data.SquaredNorms;
        var certified = Certify(b, iterations, rounds, 0, clock);
        for (var epoch = 1; epoch <= MaxPolishEpochs && certified.RelativeGap > target; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var curvature = _data.Kappa * norms[i];
                if (curvature <= 0)
                {
                    continue;
                }

                var updated = Math.Clamp(b[i] + ((1 - _data.Margin(i, w)) / curvature), 0, 1);
                if (updated != b[i])
                {
                    _data.AddRow(i, _data.Kappa * (updated - b[i]), w);
                    b[i] = updated;
                }
            }

            if (epoch % PolishCheckEvery == 0 || epoch == MaxPolishEpochs)
            {
                certified = Certify(b, iterations, rounds, epoch, clock);
            }
        }

        return certified;
    }

    /// <summary>P(w(α)) and D(α) from the problem's own code, with α = y b clamped into the dual domain.</summary>
    private HingeSolution Certify(double[] b, int iterations, int rounds, int epochs, Stopwatch clock)
    {
        var alpha = new double[b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            alpha[i] = _data.Label(i) * Math.Clamp(b[i], 0, 1);
        }

        var w = new double[_problem.Dimension];
        _problem.PrimalFromDual(alpha, w);
        var primal = _problem.Primal(w);
        var dual = _problem.Dual(alpha, w);
        return new HingeSolution(w, alpha, primal, dual, iterations, rounds, epochs, clock.Elapsed.TotalSeconds);
    }
}
