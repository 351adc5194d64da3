using System.Text.Json;
using System.Text.Json.Nodes;
using Hemingway.Core;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Modeling;

/// <summary>
/// What <c>hemingway fit</c> saves for one algorithm: its convergence model g(i, m) and, when the traces allowed
/// fitting one, Ernest's system model f(m, s), which together give h(t, m) = g(t / f(m, s), m).
/// </summary>
/// <param name="Convergence">g.</param>
/// <param name="System">f, or null.</param>
/// <param name="Fraction">The data fraction s the system model is evaluated at.</param>
public sealed record ModelBundle(ConvergenceModel Convergence, ErnestModel? System, double Fraction = 1.0)
{
    /// <summary>h, when there is a system model.</summary>
    public CombinedModel? Combined => System is null ? null : new CombinedModel(Convergence, m => System.Predict(m, Fraction));

    /// <summary>Writes the bundle as one JSON file.</summary>
    public void Save(string path)
    {
        var root = new JsonObject
        {
            ["algorithm"] = Convergence.Algorithm,
            ["fraction"] = Fraction,
            ["convergence"] = JsonNode.Parse(Convergence.ToJson()),
            ["system"] = System is null ? null : JsonNode.Parse(System.ToJson()),
        };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a bundle; a missing or malformed file gives a <see cref="HemingwayException"/> naming it.</summary>
    public static ModelBundle Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new HemingwayException($"{path}: no such model file");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new HemingwayException($"{path}: not a JSON model file ({e.Message})");
        }

        if (root?["convergence"] is not JsonObject convergence)
        {
            throw new HemingwayException($"{path}: no \"convergence\" model in it (was it written by hemingway fit?)");
        }

        var system = root["system"] is JsonObject s ? ErnestModel.FromJson(s.ToJsonString(), path) : null;
        var fraction = root["fraction"]?.GetValue<double>() ?? 1.0;
        return new ModelBundle(ConvergenceModel.FromJson(convergence.ToJsonString(), path), system, fraction);
    }
}
