using System.Diagnostics;
using FieldService.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// A throwaway IMAP server: Debian's Dovecot with its configuration, mail and sockets in a temporary folder, on a free
/// loopback port, one mailbox user with a random password, plain text (loopback only). Dovecot's master runs as the
/// current user; as root its login and mail processes run as Dovecot's own unprivileged users (it refuses to keep mail
/// as root). A missing binary fails the test with the install command; it never skips.
/// </summary>
public sealed class ThrowawayDovecot : IAsyncLifetime
{
    private const string InstallHint = "Dovecot's IMAP server was not found (/usr/sbin/dovecot). Install it with `apt-get install -y dovecot-imapd`.";

    private ChildProcess? server;
    private string folder = "";

    public string User { get; } = "intake";

    public string Password { get; } = Guid.NewGuid().ToString("N");

    public int Port { get; private set; }

    /// <summary>The web host's settings to read this server's folder <paramref name="mailFolder"/>.</summary>
    public Dictionary<string, string> SettingsFor(string mailFolder) => new()
    {
        ["Intake:Mail:Host"] = "127.0.0.1",
        ["Intake:Mail:Port"] = Port.ToString(),
        ["Intake:Mail:Security"] = "None",
        ["Intake:Mail:User"] = User,
        ["Intake:Mail:Password"] = Password,
        ["Intake:Mail:Folder"] = mailFolder,
    };

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(InstallHint);
        folder = Path.Combine(Path.GetTempPath(), $"fieldservice-imap-{Environment.ProcessId}-{Guid.NewGuid():N}"[..42]);
        foreach (var sub in new[] { "run", "state", "mail", "home" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        // As root: Dovecot's packaged users; otherwise everything runs as the current user.
        var root = Environment.UserName == "root";
        var (login, internalUser, mailUser) = root ? ("dovenull", "dovecot", "dovecot") : (Environment.UserName, Environment.UserName, Environment.UserName);
        if (root)
        {
            await RunAsync("chown", [$"{mailUser}:", Path.Combine(folder, "mail"), Path.Combine(folder, "home")]);
            await RunAsync("chmod", ["755", folder]);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "passwd"), $"{User}:{{PLAIN}}{Password}\n");
        Port = FreePorts.Next();
        var config = Path.Combine(folder, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            base_dir = {{folder}}/run
            state_dir = {{folder}}/state
            log_path = /dev/stderr
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_login_user = {{login}}
            default_internal_user = {{internalUser}}
            mail_location = maildir:{{folder}}/mail/%u
            first_valid_uid = 1
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{folder}}/passwd
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{folder}}/home/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }
            """);
        // In the foreground, so the test owns the process; ready once the master says it has started its listeners.
        server = await ChildProcess.StartAsync(new ProcessStartInfo(binary, ["-F", "-c", config]),
            line => line.Contains("starting up", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "Dovecot");
    }

    /// <summary>A client signed in to the mailbox (the test's own, to put mail in and look at flags).</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>A new, empty folder for one test, opened read-write on <paramref name="client"/>.</summary>
    public static async Task<IMailFolder> NewFolderAsync(ImapClient client, string name)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var created = await root.CreateAsync(name, isMessageFolder: true) ?? throw new InvalidOperationException($"The IMAP server did not create folder {name}.");
        await created.OpenAsync(FolderAccess.ReadWrite);
        return created;
    }

    /// <summary>The folder's mail without <paramref name="keyword"/>, as a new session sees it (a test's own open
    /// session keeps its view of the flags).</summary>
    public async Task<IList<UniqueId>> UnmarkedAsync(string folderName, string keyword)
    {
        using var reader = await ConnectAsync();
        var folder = await reader.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return await folder.SearchAsync(MailKit.Search.SearchQuery.NotKeyword(keyword));
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {program}.");
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
