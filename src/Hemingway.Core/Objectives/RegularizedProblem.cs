using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;

namespace Hemingway.Core.Objectives;

/// <summary>
/// The L2-regularised empirical risk problem every algorithm solves:
/// P(w) = 1/n Σ_i φ(y_i, x_i·w) + λ/2 ‖w‖², with its dual
/// D(α) = 1/n Σ_i ψ(y_i, α_i) − λ/2 ‖w(α)‖², w(α) = 1/(λn) Σ_i α_i x_i (no bias term).
/// Everything is computed in double with compensated sums.
/// </summary>
public sealed class RegularizedProblem
{
    /// <summary>A problem on <paramref name="data"/>; rejects λ ≤ 0 and labels the loss cannot take.</summary>
    public RegularizedProblem(Dataset data, ILoss loss, double lambda)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(lambda > 0) || double.IsInfinity(lambda))
        {
            throw new HemingwayException($"lambda must be a positive finite number, got {lambda.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (data.Rows == 0)
        {
            throw new HemingwayException($"{data.Name}: the dataset has no rows");
        }

        if (loss.IsClassification && !data.IsBinary)
        {
            throw new HemingwayException(
                $"{data.Name}: the {loss.Name} loss needs labels ±1 (or 0/1); pick a class with --positive-class");
        }

        Data = data;
        Loss = loss;
        Lambda = lambda;
    }

    /// <summary>The examples and labels.</summary>
    public Dataset Data { get; }

    /// <summary>The loss φ.</summary>
    public ILoss Loss { get; }

    /// <summary>The regularisation strength λ.</summary>
    public double Lambda { get; }

    /// <summary>n, the number of examples.</summary>
    public int Rows => Data.Rows;

    /// <summary>d, the dimension of w.</summary>
    public int Dimension => Data.Dimension;

    /// <summary>P(w).</summary>
    public double Primal(ReadOnlySpan<double> w) =>
        (ObjectiveSums.Loss(Data, Loss, w) / Rows) + (0.5 * Lambda * ObjectiveSums.SquaredNorm(w));

    /// <summary>
    /// P(w), D(α) and the gap P − D in one pass, for a w = w(α) the caller keeps in step with α.
    /// </summary>
    /// <remarks>
    /// When w = w(α), λ‖w‖² = 1/n Σ α_i x_i·w, so the gap is 1/n Σ_i [φ(y_i, a_i) − ψ(α_i) + α_i a_i] with a_i = x_i·w:
    /// a sum of Fenchel–Young gaps, each ≥ 0. Summing those directly keeps full relative precision near the optimum,
    /// where P − D would cancel to rounding noise (and could print as negative).
    /// </remarks>
    public DualityCertificate Certify(ReadOnlySpan<double> alpha, ReadOnlySpan<double> w)
    {
        var (loss, gap) = ObjectiveSums.LossAndGap(Data, Loss, w, alpha);
        var primal = (loss / Rows) + (0.5 * Lambda * ObjectiveSums.SquaredNorm(w));
        return new DualityCertificate(primal, primal - (gap / Rows), gap / Rows);
    }

    /// <summary>D(α) evaluated with the w(α) the caller keeps in step with α.</summary>
    /// <remarks>P and D must be computed from the same w(α), or the gap can come out negative.</remarks>
    public double Dual(ReadOnlySpan<double> alpha, ReadOnlySpan<double> w)
    {
        var conjugates = new CompensatedSum();
        for (var i = 0; i < alpha.Length; i++)
        {
            conjugates.Add(Loss.DualValue(Data.Labels[i], alpha[i]));
        }

        return (conjugates.Value / Rows) - (0.5 * Lambda * ObjectiveSums.SquaredNorm(w));
    }

    /// <summary>Writes w(α) = 1/(λn) Σ α_i x_i into <paramref name="w"/>.</summary>
    public void PrimalFromDual(ReadOnlySpan<double> alpha, Span<double> w)
    {
        w.Clear();
        var x = Data.Features;
        var scale = 1.0 / (Lambda * Rows);
        for (var i = 0; i < alpha.Length; i++)
        {
            if (alpha[i] != 0)
            {
                SparseKernels.Axpy(alpha[i] * scale, x.RowIndices(i), x.RowValues(i), w);
            }
        }
    }

    /// <summary>∇P(w) = 1/n Σ φ'(y_i, x_i·w) x_i + λ w (a subgradient for the hinge loss), written into <paramref name="gradient"/>.</summary>
    public void Gradient(ReadOnlySpan<double> w, Span<double> gradient)
    {
        gradient.Clear();
        var x = Data.Features;
        for (var i = 0; i < x.Rows; i++)
        {
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            var derivative = Loss.Derivative(Data.Labels[i], SparseKernels.Dot(indices, values, w));
            if (derivative != 0)
            {
                SparseKernels.Axpy(derivative / Rows, indices, values, gradient);
            }
        }

        for (var j = 0; j < w.Length; j++)
        {
            gradient[j] += Lambda * w[j];
        }
    }

    /// <summary>The starting dual point α = 0 (feasible for every loss here).</summary>
    public double[] InitialDual() => new double[Rows];
}
