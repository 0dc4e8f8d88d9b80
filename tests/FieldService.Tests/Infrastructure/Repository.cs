namespace FieldService.Tests.Infrastructure;

/// <summary>Where the repository's sources are, for tests that read them (scripts, the web host's code).</summary>
public static class Repository
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FieldService.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No FieldService.sln above {AppContext.BaseDirectory}: the test runs from the repository's build output.");
    }
}
