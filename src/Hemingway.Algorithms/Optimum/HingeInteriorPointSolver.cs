using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// Solves the hinge-loss (linear SVM) problem to a certified tiny duality gap, where dual coordinate ascent stalls
/// because the primal is not smooth. The dual is the box-constrained quadratic program in b = α y ∈ [0, 1]ⁿ
/// <c>min ½ bᵀ Q b − Σ b_i, Q = Z Zᵀ / (λn)</c>, rows z_i = y_i x_i, and it is solved in stages:
/// <list type="number">
/// <item>a primal–dual interior-point method (Mehrotra's predictor–corrector with up to three of Gondzio's centrality
/// correctors), started from a few dual coordinate epochs pushed into the interior of the box. Its Newton systems
/// (Σ + Q) Δb = r are solved through the d×d matrix λn I + Zᵀ Σ⁻¹ Z (Woodbury), checked by conjugate gradients when
/// that is numerically delicate (see <see cref="WoodburyPreconditioner"/>), so an iteration costs
/// O(Σ nnz_i² + d³) rather than O(n³);</item>
/// <item>once the interior-point gap is small, an exact active-set finish: the examples are split into b_i = 0,
/// b_i = 1 and free, the free b solve a linear system, and violators are exchanged until the optimality conditions
/// hold (<see cref="HingeActiveSet"/>); the gap of its result is zero up to rounding;</item>
/// <item>if the interior-point run stalls, a restart from the centre of the box, and as a last resort
/// warm-started dual coordinate epochs.</item>
/// </list>
/// The result is certified by <see cref="RegularizedProblem.Certify"/> (P and the gap as a sum of per-example
/// Fenchel–Young gaps), evaluated at α = y b and the w(α) of <see cref="RegularizedProblem.PrimalFromDual"/>. The dense d×d matrix limits
/// the method to <see cref="MaxDimension"/> features; larger problems are left to SDCA (see <see cref="Supports"/>).
/// An instance is not safe for concurrent calls to <see cref="Solve"/>.
/// </summary>
public sealed class HingeInteriorPointSolver
{
    /// <summary>The largest d the solver takes: it factors a dense d×d matrix every iteration.</summary>
    public const int MaxDimension = 4096;

    private const int MaxIterationsPerStart = 150;

    // A start is abandoned when μ has not fallen by 1% for this many iterations.
    private const int StallIterations = 8;

    private const int MaxCorrectors = 3;
    private const int MaxPcgIterations = 40;
    private const double PcgTolerance = 1e-9;

    // Dual coordinate epochs that give the interior-point method its starting point.
    private const int WarmStartEpochs = 10;

    // First try of the exact finish once the interior-point relative gap is this small, then after every tenfold drop.
    private const double FirstHandoffGap = 1e-3;
    private const double HandoffStep = 0.1;

    private const int MaxPolishEpochs = 1000;
    private const int PolishCheckEvery = 10;

    private readonly RegularizedProblem _problem;
    private readonly HingeDualData _data;

    /// <summary>A solver for the hinge-loss <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem; its loss must be the hinge loss and d at most <see cref="MaxDimension"/>.</param>
    /// <param name="maxDegreeOfParallelism">
    /// Threads for the passes over the data and the d×d accumulation; 0 picks the processor count (at most 4).
    /// </param>
    public HingeInteriorPointSolver(RegularizedProblem problem, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!Supports(problem))
        {
            throw new HemingwayException(
                $"{problem.Data.Name}: the interior-point solver needs the hinge loss and at most {MaxDimension} features " +
                $"(got {problem.Loss.Name}, d = {problem.Dimension})");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
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
    /// <see cref="RegularizedProblem.Certify"/>. Throws a <see cref="HemingwayException"/> when every stage fails to reach it.
    /// </summary>
    /// <param name="targetRelativeGap">The relative duality gap to certify.</param>
    /// <param name="onIteration">Called after every interior-point iteration with P and D at its (interior) point.</param>
    public HingeSolution Solve(double targetRelativeGap = OptimumOracle.RelativeGap, Action<IterationRecord>? onIteration = null)
    {
        if (!(targetRelativeGap > 0))
        {
            throw new HemingwayException(
                $"the target duality gap must be > 0, got {targetRelativeGap.ToString("G6", CultureInfo.InvariantCulture)}");
        }

        var run = new Run(targetRelativeGap, onIteration, _data.Rows);
        foreach (var warm in (ReadOnlySpan<bool>)[true, false])
        {
            var point = new InteriorPoint(_data.Rows, _data.Dimension);
            if (warm)
            {
                WarmStart(point);
            }
            else
            {
                ColdStart(point);
            }

            if (Iterate(point, run) is { } solution)
            {
                return solution;
            }
        }

        var polished = Polish(run);
        if (polished.RelativeGap <= targetRelativeGap)
        {
            return polished;
        }

        throw new HemingwayException(
            $"{_problem.Data.Name}: the hinge optimum could not be certified to a relative gap of " +
            $"{targetRelativeGap.ToString("G2", CultureInfo.InvariantCulture)} ({run.Steps} interior-point iterations, " +
            $"{run.ActiveSetRounds} active-set rounds, {polished.PolishEpochs} epochs): gap " +
            $"{polished.RelativeGap.ToString("G3", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Interior-point iterations from <paramref name="point"/>: the certified solution, or null when they stall.</summary>
    private HingeSolution? Iterate(InteriorPoint point, Run run)
    {
        var n = _data.Rows;
        var (b, t, z, s, w, g) = (point.B, point.T, point.Z, point.S, point.W, point.G);
        var rd = new double[n];
        var rp = new double[n];
        var rz = new double[n];
        var rs = new double[n];
        var rhs = new double[n];
        var direction = new Direction(n);
        var affine = new Direction(n);
        var solver = new WoodburyPreconditioner(_data);
        var sigma = solver.ExactSigma;
        var handoff = FirstHandoffGap;
        var stalled = 0;
        var lowestMu = double.PositiveInfinity;
        for (var local = 0; ; local++)
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
            run.Report(primal, dual);
            if (relativeGap < run.BestGap)
            {
                run.BestGap = relativeGap;
                Array.Copy(b, run.BestB, n);
            }

            // At an interior point the gap is about 2μ: it can be certified as it stands once that is small enough.
            if (relativeGap <= 0.5 * run.Target && Certify(b, run, 0) is { } direct && direct.RelativeGap <= run.Target)
            {
                return direct;
            }

            stalled = mu < 0.99 * lowestMu ? 0 : stalled + 1;
            lowestMu = Math.Min(lowestMu, mu);
            var finished = local >= MaxIterationsPerStart || stalled >= StallIterations || !double.IsFinite(mu);
            if (relativeGap <= handoff || finished)
            {
                handoff = Math.Min(handoff, relativeGap) * HandoffStep;
                if (TryActiveSet(point, run) is { } exact)
                {
                    return exact;
                }
            }

            if (finished)
            {
                return null;
            }

            // Newton matrix Σ + Q with Σ = z/b + s/t.
            for (var i = 0; i < n; i++)
            {
                sigma[i] = (z[i] / b[i]) + (s[i] / t[i]);
            }

            if (!solver.Factor())
            {
                // Numerically at the end of this start: one last exact finish from here.
                return TryActiveSet(point, run);
            }

            // Predictor: the affine-scaling direction.
            for (var i = 0; i < n; i++)
            {
                rz[i] = -b[i] * z[i];
                rs[i] = -t[i] * s[i];
            }

            SolveNewton(solver, point, rd, rp, rz, rs, rhs, affine);
            var affineStep = Math.Min(1, MaxStep(point, affine));
            var predicted = new CompensatedSum();
            for (var i = 0; i < n; i++)
            {
                predicted.Add((b[i] + (affineStep * affine.B[i])) * (z[i] + (affineStep * affine.Z[i])));
                predicted.Add((t[i] + (affineStep * affine.T[i])) * (s[i] + (affineStep * affine.S[i])));
            }

            var centring = Math.Pow(Math.Clamp(predicted.Value / (2.0 * n) / mu, 0, 1), 3);

            // Corrector: centring plus the second-order term of the predictor.
            for (var i = 0; i < n; i++)
            {
                rz[i] = (centring * mu) - (b[i] * z[i]) - (affine.B[i] * affine.Z[i]);
                rs[i] = (centring * mu) - (t[i] * s[i]) - (affine.T[i] * affine.S[i]);
            }

            SolveNewton(solver, point, rd, rp, rz, rs, rhs, direction);
            var reach = MaxStep(point, direction);
            for (var corrector = 0; corrector < MaxCorrectors && reach < 1; corrector++)
            {
                // The affine direction is no longer needed: it holds the trial direction.
                var improved = CentralityCorrector(solver, point, centring * mu, reach, rz, rs, rhs, direction, affine);
                if (improved <= reach)
                {
                    break;
                }

                reach = improved;
            }

            var step = Math.Min(1, Math.Max(0.995, 1 - (10 * mu)) * reach);
            for (var i = 0; i < n; i++)
            {
                b[i] += step * direction.B[i];
                t[i] += step * direction.T[i];
                z[i] += step * direction.Z[i];
                s[i] += step * direction.S[i];
            }

            Gradient(b, w, g);
            run.Steps++;
        }
    }

    /// <summary>
    /// Eliminates Δz, Δs and Δt from the Newton equations
    /// Q Δb − Δz + Δs = −r_d, Δb + Δt = −r_p, z Δb + b Δz = r_z, s Δt + t Δs = r_s, and solves the rest:
    /// (Q + z/b + s/t) Δb = −r_d + r_z/b − (r_s + s r_p)/t.
    /// </summary>
    private static void SolveNewton(
        WoodburyPreconditioner solver, InteriorPoint point, double[] rd, double[] rp, double[] rz, double[] rs,
        double[] rhs, Direction result)
    {
        var (b, t, z, s) = (point.B, point.T, point.Z, point.S);
        for (var i = 0; i < b.Length; i++)
        {
            rhs[i] = -rd[i] + (rz[i] / b[i]) - ((rs[i] + (s[i] * rp[i])) / t[i]);
        }

        solver.Solve(rhs, result.B, PcgTolerance, MaxPcgIterations);
        for (var i = 0; i < b.Length; i++)
        {
            result.T[i] = -rp[i] - result.B[i];
            result.Z[i] = (rz[i] - (z[i] * result.B[i])) / b[i];
            result.S[i] = (rs[i] - (s[i] * result.T[i])) / t[i];
        }
    }

    /// <summary>
    /// One of Gondzio's multiple centrality correctors: aims the complementarity products of a step somewhat longer than
    /// the current one into [0.1, 10]·σμ, so that the one badly centred pair that usually blocks the step does not.
    /// Replaces <paramref name="direction"/> by the corrected direction and returns its step bound when that is
    /// longer by a margin; otherwise leaves it alone and returns <paramref name="reach"/>.
    /// </summary>
    private static double CentralityCorrector(
        WoodburyPreconditioner solver, InteriorPoint point, double target, double reach, double[] rz, double[] rs,
        double[] rhs, Direction direction, Direction trial)
    {
        const double Lower = 0.1;
        const double Upper = 10;
        const double Stretch = 0.3;
        var (b, t, z, s) = (point.B, point.T, point.Z, point.S);
        var n = b.Length;
        var aim = Math.Min(1, (1.5 * reach) + Stretch);
        for (var i = 0; i < n; i++)
        {
            rz[i] = Correction((b[i] + (aim * direction.B[i])) * (z[i] + (aim * direction.Z[i])));
            rs[i] = Correction((t[i] + (aim * direction.T[i])) * (s[i] + (aim * direction.S[i])));

            // The correction carries no residual: Q δ − δz + δs = 0 and δb + δt = 0.
            rhs[i] = (rz[i] / b[i]) - (rs[i] / t[i]);
        }

        solver.Solve(rhs, trial.B, PcgTolerance, MaxPcgIterations);
        for (var i = 0; i < n; i++)
        {
            var delta = trial.B[i];
            trial.B[i] = direction.B[i] + delta;
            trial.T[i] = direction.T[i] - delta;
            trial.Z[i] = direction.Z[i] + ((rz[i] - (z[i] * delta)) / b[i]);
            trial.S[i] = direction.S[i] + ((rs[i] + (s[i] * delta)) / t[i]);
        }

        var improved = MaxStep(point, trial);
        if (!(improved >= reach + (0.1 * Stretch * Math.Min(1, reach))))
        {
            return reach;
        }

        direction.CopyFrom(trial);
        return improved;

        double Correction(double product)
        {
            if (product < Lower * target)
            {
                return (Lower * target) - product;
            }

            return product > Upper * target ? Math.Max((Upper * target) - product, -Upper * target) : 0;
        }
    }

    /// <summary>The largest step in (0, ∞] that keeps b, t, z and s non-negative.</summary>
    private static double MaxStep(InteriorPoint point, Direction direction)
    {
        var step = double.PositiveInfinity;
        Limit(point.B, direction.B, ref step);
        Limit(point.T, direction.T, ref step);
        Limit(point.Z, direction.Z, ref step);
        Limit(point.S, direction.S, ref step);
        return step;

        static void Limit(double[] value, double[] change, ref double step)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (change[i] < 0)
                {
                    step = Math.Min(step, -value[i] / change[i]);
                }
            }
        }
    }

    /// <summary>
    /// A few dual coordinate epochs from b = 0, then pushed off the bounds by an amount that moves w by about ‖w‖
    /// (too close to the boundary and the interior-point method crawls, too far and it first has to come back), with
    /// multipliers that leave no dual residual: z − s = g, b z ≥ μ0, t s ≥ μ0, μ0 half the epochs' duality gap.
    /// </summary>
    private void WarmStart(InteriorPoint point)
    {
        var n = _data.Rows;
        var (b, t, z, s, w, g) = (point.B, point.T, point.Z, point.S, point.W, point.G);
        Array.Clear(w);
        var norms = _data.SquaredNorms;
        for (var epoch = 0; epoch < WarmStartEpochs; epoch++)
        {
            for (var i = 0; i < n; i++)
            {
                CoordinateStep(i, b, w, norms);
            }
        }

        Gradient(b, w, g);
        var (primal, dual) = _data.Objectives(b, w, g);
        var mu = Math.Max((primal - dual) / 2, 1e-12 * Math.Abs(primal));

        // How far b can leave the bounds: ‖κ Zᵀ 1‖ is how much w moves when every b_i moves by 1.
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        var shift = new double[_data.Dimension];
        _data.TransposeTimes(ones, _data.Kappa, shift);
        var scale = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(shift));
        var margin = scale > 0 ? Math.Sqrt(TensorPrimitives.SumOfSquares<double>(w)) / scale : 0.5;
        margin = Math.Clamp(double.IsFinite(margin) ? margin : 0.5, 1e-8, 1e-2);
        for (var i = 0; i < n; i++)
        {
            b[i] = Math.Clamp(b[i], margin, 1 - margin);
            t[i] = 1 - b[i];
        }

        Gradient(b, w, g);
        for (var i = 0; i < n; i++)
        {
            z[i] = Math.Max(g[i], 0) + (mu / b[i]);
            s[i] = Math.Max(-g[i], 0) + (mu / t[i]);
        }
    }

    /// <summary>The centre of the box, b = ½, with multipliers that leave no dual residual.</summary>
    private void ColdStart(InteriorPoint point)
    {
        Array.Fill(point.B, 0.5);
        Array.Fill(point.T, 0.5);
        Gradient(point.B, point.W, point.G);
        for (var i = 0; i < _data.Rows; i++)
        {
            point.Z[i] = Math.Max(point.G[i], 0) + 1;
            point.S[i] = Math.Max(-point.G[i], 0) + 1;
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
    /// Guesses each example's side from the interior point (at a bound when its multiplier exceeds its distance to
    /// that bound) and runs the exact finish; the certified solution if it reaches the target, null otherwise.
    /// </summary>
    private HingeSolution? TryActiveSet(InteriorPoint point, Run run)
    {
        var sides = new HingeActiveSet.Side[_data.Rows];
        for (var i = 0; i < sides.Length; i++)
        {
            sides[i] = point.Z[i] > point.B[i] ? HingeActiveSet.Side.Lower
                : point.S[i] > point.T[i] ? HingeActiveSet.Side.Upper
                : HingeActiveSet.Side.Free;
        }

        // Generically at most d examples are free at the optimum (more only with duplicated or dependent rows); a guess
        // with far more is not worth solving.
        var maxFree = Math.Clamp(2 * _data.Dimension, 1000, 3000);
        var exact = HingeActiveSet.TrySolve(_data, sides, maxFree, out var rounds);
        run.ActiveSetRounds += rounds;
        if (exact is null)
        {
            return null;
        }

        var certified = Certify(exact, run, 0);
        return certified.RelativeGap <= run.Target ? certified : null;
    }

    /// <summary>Warm-started dual coordinate epochs (SDCA's hinge step) from the best interior point seen.</summary>
    private HingeSolution Polish(Run run)
    {
        var n = _data.Rows;
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            b[i] = Math.Clamp(run.BestB[i], 0, 1);
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
        var certified = Certify(b, run, 0);
        for (var epoch = 1; epoch <= MaxPolishEpochs && certified.RelativeGap > run.Target; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                CoordinateStep(i, b, w, norms);
            }

            if (epoch % PolishCheckEvery == 0 || epoch == MaxPolishEpochs)
            {
                certified = Certify(b, run, epoch);
            }
        }

        return certified;
    }

    /// <summary>
    /// The problem's own certificate (<see cref="RegularizedProblem.Certify"/>) at α = y b, clamped into the dual domain,
    /// and w = w(α) from <see cref="RegularizedProblem.PrimalFromDual"/>.
    /// </summary>
    private HingeSolution Certify(double[] b, Run run, int epochs)
    {
        var alpha = new double[b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            alpha[i] = _data.Label(i) * Math.Clamp(b[i], 0, 1);
        }

        var w = new double[_problem.Dimension];
        _problem.PrimalFromDual(alpha, w);
        var certificate = _problem.Certify(alpha, w);
        return new HingeSolution(
            w, alpha, certificate.Primal, certificate.Dual, run.Steps, run.ActiveSetRounds, epochs, run.Clock.Elapsed.TotalSeconds);
    }

    /// <summary>The iterate: b and its slack t = 1 − b (kept separately for accuracy near 1), their multipliers z and s, and w, g at b.</summary>
    private sealed class InteriorPoint(int rows, int dimension)
    {
        public double[] B { get; } = new double[rows];

        public double[] T { get; } = new double[rows];

        public double[] Z { get; } = new double[rows];

        public double[] S { get; } = new double[rows];

        public double[] W { get; } = new double[dimension];

        public double[] G { get; } = new double[rows];
    }

    /// <summary>A step (Δb, Δt, Δz, Δs).</summary>
    private sealed class Direction(int rows)
    {
        public double[] B { get; } = new double[rows];

        public double[] T { get; } = new double[rows];

        public double[] Z { get; } = new double[rows];

        public double[] S { get; } = new double[rows];

        public void CopyFrom(Direction other)
        {
            Array.Copy(other.B, B, B.Length);
            Array.Copy(other.T, T, T.Length);
            Array.Copy(other.Z, Z, Z.Length);
            Array.Copy(other.S, S, S.Length);
        }
    }

    /// <summary>What one call of <see cref="Solve"/> has done so far, across restarts.</summary>
    private sealed class Run(double target, Action<IterationRecord>? onIteration, int rows)
    {
        public double Target { get; } = target;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        /// <summary>Interior-point steps taken, over all starts.</summary>
        public int Steps { get; set; }

        public int ActiveSetRounds { get; set; }

        public double BestGap { get; set; } = double.PositiveInfinity;

        public double[] BestB { get; } = new double[rows];

        /// <summary>Reports the iterate just reached, numbered by the steps taken before it.</summary>
        public void Report(double primal, double dual) =>
            onIteration?.Invoke(new IterationRecord(Steps, Clock.Elapsed.TotalSeconds, primal, dual, null));
    }

    /// <summary>One exact dual coordinate step on b_i ∈ [0, 1], keeping w in step.</summary>
    private void CoordinateStep(int i, double[] b, double[] w, double[] norms)
    {
        var curvature = _data.Kappa * norms[i];
        if (curvature <= 0)
        {
            return;
        }

        var updated = Math.Clamp(b[i] + ((1 - _data.Margin(i, w)) / curvature), 0, 1);
        if (updated != b[i])
        {
            _data.AddRow(i, _data.Kappa * (updated - b[i]), w);
            b[i] = updated;
        }
    }
}
