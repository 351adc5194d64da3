using Hemingway.Modeling.Numerics;

namespace Hemingway.Modeling.SystemModel;

/// <summary>
/// The A-optimal experiment design problem
/// <code>
///     minimise  φ(λ) = trace(M(λ)⁻¹),  M(λ) = Σᵢ λᵢ gᵢ gᵢᵀ
///     subject to 0 ≤ λᵢ ≤ 1,  Σᵢ cᵢ λᵢ ≤ B
/// </code>
/// solved by a log-barrier interior point method with damped Newton steps. φ is convex with gradient
/// ∂φ/∂λᵢ = −‖M⁻¹gᵢ‖² and Hessian 2 (G M⁻¹ Gᵀ) ∘ (G M⁻² Gᵀ), a Hadamard product of two rank-d matrices and so of
/// rank ≤ d²; with the barrier's diagonal and the budget's rank-one term, every Newton system is a diagonal plus a
/// rank-(d²+1) matrix, solved in O(n d⁴) through a QR factorization of the scaled low-rank factor. The barrier
/// weight t grows by 20 after each centring until the Frank–Wolfe gap, a certified bound on φ(λ) − min φ that any
/// feasible λ has, is below the requested fraction of φ(λ).
/// </summary>
internal static class AOptimalDesign
{
    private const double Growth = 20;
    private const double ArmijoFraction = 0.01;
    private const double DecrementTolerance = 1e-10;
    private const int MaxNewtonStepsPerCentring = 200;
    private const double MaxCondition = 1e12;

    /// <summary>The solution: weights λ, φ(λ), a bound on φ(λ) − φ*, and the work done.</summary>
    /// <param name="Weights">λ, strictly inside [0, 1].</param>
    /// <param name="Objective">trace(M(λ)⁻¹).</param>
    /// <param name="GapBound">Certified upper bound on φ(λ) − min φ (the Frank–Wolfe gap at λ).</param>
    /// <param name="NewtonSteps">Newton steps over all centrings.</param>
    /// <param name="Centrings">Barrier weights t tried.</param>
    public sealed record Solution(double[] Weights, double Objective, double GapBound, int NewtonSteps, int Centrings);

    /// <summary>
    /// Minimises trace(M(λ)⁻¹) for the rows gᵢ of <paramref name="g"/> (n × d), costs <paramref name="cost"/> (&gt; 0)
    /// and budget <paramref name="budget"/> (&gt; 0), until the certified gap is at most <paramref name="relativeTolerance"/>
    /// times the objective, or until rounding stops the barrier making progress (t so large that (2n+1)/t is 1000 times
    /// below that target): then the solution carries the gap it reached. Returns null when the rows do not span R^d
    /// (no finite objective exists) or nearly do not (M of equal weights has a condition number above about 1e12).
    /// </summary>
    public static Solution? Minimize(double[,] g, double[] cost, double budget, double relativeTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(cost);
        var n = g.GetLength(0);
        if (cost.Length != n)
        {
            throw new ArgumentException($"expected {n} costs, got {cost.Length}", nameof(cost));
        }

        if (cost.Any(c => !(c > 0) || !double.IsFinite(c)))
        {
            throw new ArgumentException("every cost must be positive and finite", nameof(cost));
        }

        if (!(budget > 0) || !double.IsFinite(budget))
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "the budget must be positive and finite");
        }

        var problem = new Problem(g, cost, budget);

        // A strictly feasible start: equal weights, half way to whichever of the bounds binds first.
        var start = Math.Min(0.5, 0.5 * budget / cost.Sum());
        var lambda = Enumerable.Repeat(start, n).ToArray();
        var state = problem.Evaluate(lambda, t: 0);

        // trace(M)·trace(M⁻¹) is within a factor d² of M's condition number: above 1e12 the rows are as good as
        // dependent and the "optimal" weights would be rounding noise.
        if (state is null || problem.Trace(lambda) * state.Objective > MaxCondition)
        {
            return null;
        }

        var constraints = (2.0 * n) + 1;
        var t = constraints / state.Objective;
        var steps = 0;
        var centrings = 0;
        while (true)
        {
            centrings++;
            steps += Centre(problem, lambda, t);
            var objective = problem.Evaluate(lambda, t)!.Objective;
            var gap = problem.FrankWolfeGap(lambda);
            if (gap <= relativeTolerance * objective || constraints / t <= 1e-3 * relativeTolerance * objective)
            {
                return new Solution(lambda, objective, gap, steps, centrings);
            }

            t *= Growth;
        }
    }

    /// <summary>Damped Newton's method on the barrier function for weight t, in place; returns the steps taken.</summary>
    private static int Centre(Problem problem, double[] lambda, double t)
    {
        var n = lambda.Length;
        var trial = new double[n];
        for (var step = 1; step <= MaxNewtonStepsPerCentring; step++)
        {
            var state = problem.Evaluate(lambda, t)!;
            var direction = problem.NewtonDirection(lambda, state, t);
            var slope = 0.0;
            for (var i = 0; i < n; i++)
            {
                slope += state.Gradient[i] * direction[i];
            }

            // slope = −(Newton decrement)²: stop when the quadratic model promises no more than the threshold.
            if (!(slope < 0) || -slope / 2 <= DecrementTolerance)
            {
                return step - 1;
            }

            var alpha = Math.Min(1.0, 0.99 * problem.MaxFeasibleStep(lambda, direction));

            var accepted = false;
            while (alpha > 1e-14)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = lambda[i] + (alpha * direction[i]);
                }

                var value = problem.Barrier(trial, t);
                if (value <= state.Barrier + (ArmijoFraction * alpha * slope) && value < state.Barrier)
                {
                    accepted = true;
                    break;
                }

                alpha /= 2;
            }

            if (!accepted)
            {
                // Rounding noise: the barrier cannot be lowered measurably any more along the Newton direction.
                return step;
            }

            Array.Copy(trial, lambda, n);
        }

        throw new InvalidOperationException(
            $"the experiment design's Newton iterations did not converge within {MaxNewtonStepsPerCentring} steps at t = {t:G3}");
    }

    private sealed class State(double objective, double barrier, double[] gradient, double[][] u, double[][] v)
    {
        public double Objective { get; } = objective;

        public double Barrier { get; } = barrier;

        public double[] Gradient { get; } = gradient;

        /// <summary>L⁻¹gᵢ for M = L Lᵀ: uᵢ·uⱼ = gᵢᵀM⁻¹gⱼ.</summary>
        public double[][] U { get; } = u;

        /// <summary>M⁻¹gᵢ: vᵢ·vⱼ = gᵢᵀM⁻²gⱼ.</summary>
        public double[][] V { get; } = v;
    }

    private sealed class Problem(double[,] g, double[] cost, double budget)
    {
        private readonly int _n = g.GetLength(0);
        private readonly int _d = g.GetLength(1);

        public double[,] G { get; } = g;

        public double[] Cost { get; } = cost;

        public double Budget { get; } = budget;

        /// <summary>trace(M⁻¹), or null when M(λ) is not positive definite.</summary>
        private (Cholesky Factor, double Objective)? Information(double[] lambda)
        {
            var m = new double[_d, _d];
            for (var i = 0; i < _n; i++)
            {
                var w = lambda[i];
                for (var a = 0; a < _d; a++)
                {
                    var ga = w * G[i, a];
                    for (var b = 0; b <= a; b++)
                    {
                        m[a, b] += ga * G[i, b];
                    }
                }
            }

            var factor = Cholesky.TryFactor(m);
            if (factor is null)
            {
                return null;
            }

            // trace(M⁻¹) = ‖L⁻¹‖_F².
            var objective = 0.0;
            var e = new double[_d];
            for (var j = 0; j < _d; j++)
            {
                Array.Clear(e);
                e[j] = 1;
                factor.SolveLower(e);
                for (var a = 0; a < _d; a++)
                {
                    objective += e[a] * e[a];
                }
            }

            return double.IsFinite(objective) ? (factor, objective) : null;
        }

        /// <summary>trace(M(λ)) = Σᵢ λᵢ ‖gᵢ‖².</summary>
        public double Trace(double[] lambda)
        {
            var trace = 0.0;
            for (var i = 0; i < _n; i++)
            {
                for (var a = 0; a < _d; a++)
                {
                    trace += lambda[i] * G[i, a] * G[i, a];
                }
            }

            return trace;
        }

        private double Slack(double[] lambda)
        {
            var spent = 0.0;
            for (var i = 0; i < _n; i++)
            {
                spent += Cost[i] * lambda[i];
            }

            return Budget - spent;
        }

        /// <summary>t·φ(λ) − Σ log λᵢ − Σ log(1 − λᵢ) − log(B − cᵀλ), +∞ outside the domain.</summary>
        public double Barrier(double[] lambda, double t)
        {
            var slack = Slack(lambda);
            if (!(slack > 0) || lambda.Any(l => !(l > 0 && l < 1)))
            {
                return double.PositiveInfinity;
            }

            var information = Information(lambda);
            if (information is null)
            {
                return double.PositiveInfinity;
            }

            var value = (t * information.Value.Objective) - Math.Log(slack);
            foreach (var l in lambda)
            {
                value -= Math.Log(l) + Math.Log(1 - l);
            }

            return value;
        }

        public State? Evaluate(double[] lambda, double t)
        {
            var information = Information(lambda);
            if (information is null)
            {
                return null;
            }

            var (factor, objective) = information.Value;
            var slack = Slack(lambda);
            var u = new double[_n][];
            var v = new double[_n][];
            var gradient = new double[_n];
            var barrier = (t * objective) - Math.Log(slack);
            for (var i = 0; i < _n; i++)
            {
                var ui = new double[_d];
                for (var a = 0; a < _d; a++)
                {
                    ui[a] = G[i, a];
                }

                factor.SolveLower(ui);
                var vi = (double[])ui.Clone();
                factor.SolveUpper(vi);
                u[i] = ui;
                v[i] = vi;
                var l = lambda[i];
                gradient[i] = (-t * Dot(vi, vi)) - (1 / l) + (1 / (1 - l)) + (Cost[i] / slack);
                barrier -= Math.Log(l) + Math.Log(1 - l);
            }

            return new State(objective, barrier, gradient, u, v);
        }

        /// <summary>
        /// −H⁻¹∇ for H = D + W Wᵀ, D = diag(1/λ² + 1/(1−λ)²) and W's rows [√(2t)·uᵢ⊗vᵢ, cᵢ/s]. Scaled by D^½ the
        /// system is (I + Ŵ Ŵᵀ) y = r̂ with Ŵ = D^-½ W; with the Householder QR Ŵ = Q [R; 0] it becomes
        /// blockdiag(I + R Rᵀ, I) Qᵀy = Qᵀr̂, a small positive definite solve between two orthogonal maps. Unlike
        /// the Woodbury identity this stays accurate when t·H_φ dwarfs the barrier's diagonal late in the solve. One
        /// step of iterative refinement follows.
        /// </summary>
        public double[] NewtonDirection(double[] lambda, State state, double t)
        {
            var k = (_d * _d) + 1;
            var slack = Slack(lambda);
            var scale = Math.Sqrt(2 * t);
            var w = new double[_n][];
            var diagonal = new double[_n];
            var root = new double[_n];
            var scaled = new double[_n, k];
            for (var i = 0; i < _n; i++)
            {
                var l = lambda[i];
                diagonal[i] = (1 / (l * l)) + (1 / ((1 - l) * (1 - l)));
                root[i] = Math.Sqrt(diagonal[i]);
                var row = new double[k];
                var ui = state.U[i];
                var vi = state.V[i];
                for (var a = 0; a < _d; a++)
                {
                    for (var b = 0; b < _d; b++)
                    {
                        row[(a * _d) + b] = scale * ui[a] * vi[b];
                    }
                }

                row[k - 1] = Cost[i] / slack;
                w[i] = row;
                for (var a = 0; a < k; a++)
                {
                    scaled[i, a] = row[a] / root[i];
                }
            }

            var qr = HouseholderQr.Factor(scaled);
            var r = qr.UpperTriangle();
            var p = r.GetLength(0);
            var small = new double[p, p];
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    var sum = a == b ? 1.0 : 0.0;
                    for (var c = Math.Max(a, b); c < k; c++)
                    {
                        sum += r[a, c] * r[b, c];
                    }

                    small[a, b] = sum;
                }
            }

            var factor = Cholesky.Factor(small);
            var rhs = new double[_n];
            for (var i = 0; i < _n; i++)
            {
                rhs[i] = -state.Gradient[i];
            }

            var direction = Solve(qr, factor, root, rhs);
            var product = Multiply(w, diagonal, direction);
            for (var i = 0; i < _n; i++)
            {
                rhs[i] -= product[i];
            }

            var correction = Solve(qr, factor, root, rhs);
            for (var i = 0; i < _n; i++)
            {
                direction[i] += correction[i];
            }


            return direction;
        }

        /// <summary>(D + W Wᵀ)⁻¹ r through the factored scaled system (see <see cref="NewtonDirection"/>).</summary>
        private static double[] Solve(HouseholderQr qr, Cholesky small, double[] root, double[] r)
        {
            var y = new double[r.Length];
            for (var i = 0; i < r.Length; i++)
            {
                y[i] = r[i] / root[i];
            }

            qr.ApplyTransposeQ(y);
            small.Solve(y.AsSpan(0, small.Size));
            qr.ApplyQ(y);
            for (var i = 0; i < y.Length; i++)
            {
                y[i] /= root[i];
            }

            return y;
        }

        /// <summary>
        /// ∇φ(λ)ᵀλ − min over the feasible set of ∇φ(λ)ᵀλ': by convexity an upper bound on φ(λ) − φ*. The minimum is a
        /// fractional knapsack (every ∂φ/∂λᵢ is negative): take the candidates in order of |∂φ/∂λᵢ| / cᵢ until the
        /// budget is spent.
        /// </summary>
        public double FrankWolfeGap(double[] lambda)
        {
            var information = Information(lambda);
            if (information is null)
            {
                return double.PositiveInfinity;
            }

            var factor = information.Value.Factor;
            var gradient = new double[_n];
            var here = 0.0;
            for (var i = 0; i < _n; i++)
            {
                var vi = new double[_d];
                for (var a = 0; a < _d; a++)
                {
                    vi[a] = G[i, a];
                }

                factor.Solve(vi);
                gradient[i] = -Dot(vi, vi);
                here += gradient[i] * lambda[i];
            }

            var order = Enumerable.Range(0, _n).OrderByDescending(i => -gradient[i] / Cost[i]).ToArray();
            var left = Budget;
            var best = 0.0;
            foreach (var i in order)
            {
                if (left <= 0)
                {
                    break;
                }

                var take = Math.Min(1.0, left / Cost[i]);
                best += gradient[i] * take;
                left -= take * Cost[i];
            }

            return here - best;
        }

        /// <summary>The largest α with λ + αΔ inside the box and under the budget.</summary>
        public double MaxFeasibleStep(double[] lambda, double[] direction)
        {
            var alpha = double.PositiveInfinity;
            var costRate = 0.0;
            for (var i = 0; i < _n; i++)
            {
                var di = direction[i];
                if (di < 0)
                {
                    alpha = Math.Min(alpha, -lambda[i] / di);
                }
                else if (di > 0)
                {
                    alpha = Math.Min(alpha, (1 - lambda[i]) / di);
                }

                costRate += Cost[i] * di;
            }

            if (costRate > 0)
            {
                alpha = Math.Min(alpha, Slack(lambda) / costRate);
            }

            return alpha;
        }

        /// <summary>(D + W Wᵀ) x.</summary>
        private double[] Multiply(double[][] w, double[] diagonal, double[] x)
        {
            var k = w.Length == 0 ? 0 : w[0].Length;
            var projected = new double[k];
            for (var i = 0; i < _n; i++)
            {
                var row = w[i];
                for (var a = 0; a < k; a++)
                {
                    projected[a] += row[a] * x[i];
                }
            }

            var result = new double[_n];
            for (var i = 0; i < _n; i++)
            {
                result[i] = (diagonal[i] * x[i]) + Dot(w[i], projected);
            }

            return result;
        }

        private static double Dot(double[] a, double[] b)
        {
            var sum = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return sum;
        }
    }
}
