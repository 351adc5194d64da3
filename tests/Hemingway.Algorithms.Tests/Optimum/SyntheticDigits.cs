using Hemingway.Core.Data;

namespace Hemingway.Algorithms.Tests.Optimum;

/// <summary>
/// MNIST-like data without the MNIST files: 28×28 "images" whose classes are stroke prototypes, each example a shifted,
/// thinned and noisy copy of its class's prototype, pixels quantised to k/255 and zeros not stored (about 100–200
/// nonzeros a row, as in MNIST). Label +1 for class 5, −1 for the other nine.
/// </summary>
internal static class SyntheticDigits
{
    private const int Side = 28;

    public static Dataset Create(int rows, int seed)
    {
        var random = new Random(seed);
        var prototypes = new float[10][];
        for (var digit = 0; digit < 10; digit++)
        {
            prototypes[digit] = Prototype(random);
        }

        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new double[rows];
        var image = new float[Side * Side];
        for (var i = 0; i < rows; i++)
        {
            var digit = random.Next(10);
            labels[i] = digit == 5 ? 1 : -1;
            Array.Clear(image);
            var (dx, dy) = (random.Next(-2, 3), random.Next(-2, 3));
            for (var r = 0; r < Side; r++)
            {
                for (var c = 0; c < Side; c++)
                {
                    var (sr, sc) = (r - dy, c - dx);
                    if (sr is >= 0 and < Side && sc is >= 0 and < Side && random.NextDouble() > 0.1)
                    {
                        image[(r * Side) + c] = prototypes[digit][(sr * Side) + sc] * (float)(0.6 + (0.4 * random.NextDouble()));
                    }
                }
            }

            for (var speckle = 0; speckle < 10; speckle++)
            {
                image[random.Next(Side * Side)] = (float)random.NextDouble();
            }

            for (var p = 0; p < image.Length; p++)
            {
                var level = (int)Math.Round(image[p] * 255);
                if (level > 0)
                {
                    indices.Add(p);
                    values.Add(Math.Min(level, 255) / 255f);
                }
            }

            offsets[i + 1] = indices.Count;
        }

        return new Dataset($"synthetic-digits-{rows}-{seed}", new CsrMatrix(Side * Side, offsets, [.. indices], [.. values]), labels);
    }

    /// <summary>Three thick random-walk strokes in the middle of the frame.</summary>
    private static float[] Prototype(Random random)
    {
        var image = new float[Side * Side];
        for (var stroke = 0; stroke < 3; stroke++)
        {
            var (r, c) = (random.Next(7, 21), random.Next(7, 21));
            var (vr, vc) = (random.Next(-1, 2), random.Next(-1, 2));
            for (var step = 0; step < 18; step++)
            {
                if (random.NextDouble() < 0.3)
                {
                    (vr, vc) = (random.Next(-1, 2), random.Next(-1, 2));
                }

                r = Math.Clamp(r + vr, 5, 22);
                c = Math.Clamp(c + vc, 5, 22);
                for (var er = -1; er <= 1; er++)
                {
                    for (var ec = -1; ec <= 1; ec++)
                    {
                        var p = ((r + er) * Side) + c + ec;
                        image[p] = Math.Max(image[p], er == 0 && ec == 0 ? 1f : 0.5f + (0.5f * (float)random.NextDouble()));
                    }
                }
            }
        }

        return image;
    }
}
