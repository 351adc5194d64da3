namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>Files the system model tests read from the shared checkout: the repository root and the fixtures next to it.</summary>
internal static class ReferencePaths
{
    /// <summary>The folder holding Hemingway.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Hemingway.slnx")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"no Hemingway.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Ernest's published RCV1 example, ../shared/fixtures/ernest-rcv1.csv next to the repository.</summary>
    public static string ErnestFixture
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures", "ernest-rcv1.csv"));
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing");
            }

            return path;
        }
    }
}
