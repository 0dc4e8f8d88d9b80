using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using FieldService.Testing;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Deploy;

/// <summary>
/// Issue 17.1: deploy/scripts/build-images.sh builds both images with the SDK's container support, offline, on a
/// Debian base it assembles (debootstrap) and serves from a throwaway registry. Each archive is read as a container
/// runtime reads it: manifest, config (entrypoint, non-root user, exposed ports, environment) and layers (the app's
/// files, the runtime, CA certificates); then the silo image's file system is started as its config says (user,
/// working directory, environment, entrypoint) and must answer /health/ready.
/// </summary>
public sealed class ContainerImageTests(ContainerImageTests.Images images) : IClassFixture<ContainerImageTests.Images>
{
    [Fact]
    public void Issue17_1_the_silo_image_runs_the_silo_as_non_root_with_its_ports_and_files()
    {
        var image = images.Read("fieldservice-silo");

        Assert.Equal(["dotnet", "/app/FieldService.Silo.dll"], image.Entrypoint);
        AssertNonRoot(image);
        Assert.Superset(new HashSet<string> { "8080/tcp", "11111/tcp", "30000/tcp" }, image.ExposedPorts);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", image.Environment);
        Assert.Contains("app/FieldService.Silo.dll", image.Files);
        Assert.Contains("app/FieldService.Grains.dll", image.Files);
        AssertBase(image);
    }

    [Fact]
    public void Issue17_1_the_web_host_image_runs_the_web_host_as_non_root_with_its_pages()
    {
        var image = images.Read("fieldservice-webhost");

        Assert.Equal(["dotnet", "/app/FieldService.WebHost.dll"], image.Entrypoint);
        AssertNonRoot(image);
        Assert.Contains("8080/tcp", image.ExposedPorts);
        Assert.Contains("app/FieldService.WebHost.dll", image.Files);
        Assert.Contains("app/wwwroot/index.html", image.Files);
        Assert.Contains("app/wwwroot/lib/signalr/signalr.min.js", image.Files);
        AssertBase(image);
    }

    [Fact]
    public async Task Issue17_1_the_silo_image_starts_as_its_config_says_and_answers_health_ready()
    {
        var image = images.Read("fieldservice-silo");
        var rootfs = await images.ExtractAsync("fieldservice-silo");
        var health = FreePorts.Next();

        // The image's own environment, then what an orchestrator would set: ports free on this machine.
        var environment = image.Environment.Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]);
        environment["ASPNETCORE_HTTP_PORTS"] = health.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Orleans__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Orleans__Dashboard"] = "false";
        var command = $"cd {image.WorkingDirectory} && exec {string.Join(' ', image.Entrypoint)}";

        // A mount and PID namespace of its own gives the chroot a /proc (the runtime needs it) that vanishes with it.
        var start = new ProcessStartInfo("unshare") { ArgumentList = { "--mount", "--pid", "--fork", $"--mount-proc={rootfs}/proc", "chroot", $"--userspec={image.User}:{image.User}", rootfs, "/bin/sh", "-c", command } };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        await using var silo = await ChildProcess.StartAsync(start, line => line.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "The silo from its image");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{health}/health/ready"));
        var live = await http.GetAsync(new Uri($"http://127.0.0.1:{health}/health/live"));

        Assert.True(ready.IsSuccessStatusCode, $"/health/ready answered {(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}\n{silo.Output}");
        Assert.True(live.IsSuccessStatusCode, $"/health/live answered {(int)live.StatusCode}");
    }

    private static void AssertNonRoot(Image image)
    {
        Assert.Equal("1654", image.User);
        Assert.Equal("/app", image.WorkingDirectory.TrimEnd('/'));

        // Configuration comes from the environment only: no secret is baked into the image's settings.
        Assert.DoesNotContain(image.Environment, e => e.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || e.StartsWith("Auth__", StringComparison.Ordinal));
        Assert.DoesNotContain("app/appsettings.Development.json", image.Files);
    }

    private static void AssertBase(Image image)
    {
        Assert.Contains(image.Files, f => f.StartsWith("usr/share/dotnet/shared/Microsoft.AspNetCore.App/", StringComparison.Ordinal));
        Assert.Contains("etc/ssl/certs/ca-certificates.crt", image.Files);
        Assert.Contains(image.Files, f => f.StartsWith("usr/share/zoneinfo/", StringComparison.Ordinal));
    }

    public sealed record Image(string[] Entrypoint, string User, string WorkingDirectory, HashSet<string> ExposedPorts, string[] Environment, HashSet<string> Files);

    /// <summary>Runs the script once for the class, into the test's build output; the Debian base it assembles is cached
    /// there (OUTDIR/.base), so a second run only publishes.</summary>
    public sealed class Images : IAsyncLifetime
    {
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);
        private readonly string output = Path.Combine(AppContext.BaseDirectory, "deploy-images");
        private readonly Dictionary<string, Image> read = [];
        private readonly List<string> extracted = [];

        public async Task InitializeAsync()
        {
            foreach (var (tool, package) in new[] { ("debootstrap", "debootstrap"), ("docker-registry", "docker-registry"), ("curl", "curl"), ("unshare", "util-linux"), ("chroot", "coreutils") })
            {
                var (found, _, _) = await Command.RunAsync(AppContext.BaseDirectory, "sh", ["-c", $"command -v {tool}"], TimeSpan.FromSeconds(10), "install a POSIX shell");
                Assert.True(found == 0, $"The image tests need {tool}: apt-get install -y {package} (.ci/run installs it).");
            }

            var script = Path.Combine(Repository.Root(), "deploy", "scripts", "build-images.sh");
            var (exitCode, stdout, stderr) = await Command.RunAsync(Repository.Root(), "bash", [script, output], BuildTimeout, "install bash");
            Assert.True(exitCode == 0, $"build-images.sh failed (exit code {exitCode}):\n{stdout}\n{stderr}");
        }

        public Task DisposeAsync()
        {
            foreach (var folder in extracted)
            {
                Directory.Delete(folder, recursive: true);
            }

            return Task.CompletedTask;
        }

        public Image Read(string repository)
        {
            lock (read)
            {
                if (read.TryGetValue(repository, out var known))
                {
                    return known;
                }
            }

            var archive = Entries(File.OpenRead(Archive(repository)));
            var manifest = Assert.Single(JsonNode.Parse(archive["manifest.json"])!.AsArray())!;
            Assert.Contains($"{repository}:latest", manifest["RepoTags"]!.AsArray().Select(t => (string)t!));
            var config = JsonNode.Parse(archive[(string)manifest["Config"]!])!["config"]!;
            var files = new HashSet<string>(StringComparer.Ordinal);
            foreach (var layer in manifest["Layers"]!.AsArray().Select(l => (string)l!))
            {
                using var gzip = new GZipStream(new MemoryStream(archive[layer]), CompressionMode.Decompress);
                using var reader = new TarReader(gzip);
                while (reader.GetNextEntry() is { } entry)
                {
                    files.Add(entry.Name.TrimStart('.', '/'));
                }
            }

            var image = new Image(
                config["Entrypoint"]!.AsArray().Select(n => (string)n!).ToArray(),
                (string?)config["User"] ?? "",
                (string?)config["WorkingDir"] ?? "",
                config["ExposedPorts"]!.AsObject().Select(p => p.Key).ToHashSet(),
                config["Env"]!.AsArray().Select(n => (string)n!).ToArray(),
                files);
            lock (read)
            {
                read[repository] = image;
            }

            return image;
        }

        /// <summary>The image's file system, its layers unpacked in order by tar (which keeps owners, modes and links).</summary>
        public async Task<string> ExtractAsync(string repository)
        {
            var folder = Directory.CreateTempSubdirectory($"{repository}-").FullName;
            lock (extracted)
            {
                extracted.Add(folder);
            }

            var unpacked = Path.Combine(folder, "archive");
            var rootfs = Path.Combine(folder, "rootfs");
            Directory.CreateDirectory(unpacked);
            Directory.CreateDirectory(rootfs);
            await Tar(["-xf", Archive(repository), "-C", unpacked]);
            var manifest = Assert.Single(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(unpacked, "manifest.json")))!.AsArray())!;
            foreach (var layer in manifest["Layers"]!.AsArray().Select(l => (string)l!))
            {
                await Tar(["-xzf", Path.Combine(unpacked, layer), "-C", rootfs]);
            }

            return rootfs;
        }

        private string Archive(string repository)
        {
            var path = Path.Combine(output, $"{repository}.tar");
            Assert.True(File.Exists(path), $"build-images.sh wrote no {path}");
            return path;
        }

        private static async Task Tar(string[] arguments)
        {
            var (exitCode, _, errors) = await Command.RunAsync(AppContext.BaseDirectory, "tar", arguments, TimeSpan.FromMinutes(2), "apt-get install -y tar");
            Assert.True(exitCode == 0, $"tar {string.Join(' ', arguments)} failed: {errors}");
        }

        private static Dictionary<string, byte[]> Entries(Stream stream)
        {
            using (stream)
            using (var reader = new TarReader(stream))
            {
                var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                while (reader.GetNextEntry() is { } entry)
                {
                    if (entry.DataStream is { } data)
                    {
                        using var copy = new MemoryStream();
                        data.CopyTo(copy);
                        entries[entry.Name] = copy.ToArray();
                    }
                }

                return entries;
            }
        }
    }
}
