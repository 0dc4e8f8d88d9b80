using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the <c>SmtpServer</c> package) on a free loopback port, for the platform's MailKit client to
/// deliver to: every message it takes is parsed with MimeKit and kept. It can be stopped (the port then refuses
/// connections: "SMTP down") and started again on the same port.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Arrivals<MimeMessage> received = new(m => $"{m.MessageId} {m.Subject}");
    private CancellationTokenSource? running;
    private Task? serving;

    public int Port { get; } = FreePort();

    public IReadOnlyCollection<MimeMessage> Received => received.All;

    /// <summary>Mail this server refuses for good (a 554), as a mailbox that does not exist is: for the platform's
    /// failed deliveries. Refused mail is not received.</summary>
    public Func<MimeMessage, bool> Refuses { get; set; } = _ => false;

    /// <summary>Awaited before a message is answered: a test holds the platform's send in flight with it.</summary>
    public Func<MimeMessage, Task> Holds { get; set; } = _ => Task.CompletedTask;

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        running = new CancellationTokenSource();
        serving = server.StartAsync(running.Token);
        // Listening once a client can connect.
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (tries < 100 && !serving.IsCompleted)
            {
                await Task.Yield();
            }
        }
    }

    public async Task StopAsync()
    {
        if (running is null)
        {
            return;
        }

        await running.CancelAsync();
        try
        {
            await serving!;
        }
        catch (OperationCanceledException)
        {
        }

        running.Dispose();
        running = null;
    }

    public Task WaitAsync(Func<IReadOnlyCollection<MimeMessage>, bool> done, string what, TimeSpan? timeout = null) =>
        received.WaitAsync(done, what, "the SMTP server", timeout);

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            await sink.Holds(message);
            if (sink.Refuses(message))
            {
                return SmtpResponse.TransactionFailed;
            }

            sink.received.Add(message);
            return SmtpResponse.Ok;
        }
    }
}
