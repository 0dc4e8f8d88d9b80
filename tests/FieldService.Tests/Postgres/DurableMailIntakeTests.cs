using FieldService.Intake;
using FieldService.Tests.Infrastructure;
using FieldService.Tests.Intake;
using FieldService.WorkOrders;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>Issue 16.2 in the durable mode: the host dies between making a mail's order and marking the mail; the next
/// host on the same database reads the mail again and makes no second order, stores no second file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableMailIntakeTests(PostgresServer postgres, ThrowawayDovecot imap) : IClassFixture<ThrowawayDovecot>
{
    [Fact]
    public async Task Issue16_a_host_lost_between_the_order_and_the_mark_leaves_its_successor_one_order_and_one_file()
    {
        var connectionString = await postgres.CreateDatabaseWithSchemaAsync();
        using var client = await imap.ConnectAsync();
        var folder = await ThrowawayDovecot.NewFolderAsync(client, "durable-" + Guid.NewGuid().ToString("N")[..8]);
        await folder.AppendAsync(new AppendRequest(MailIntakeTests.Mail("durable-1@mail.example", "dan@example.com", "Boiler", "Pressure drops overnight.",
            MailIntakeTests.File("gauge.png", "image/png", MailIntakeTests.Png))));
        var crash = new CrashBeforeMarking();
        string made;
        await using (var first = new AppFactory(connectionString, settings: imap.SettingsFor(folder.FullName),
            testServices: services => services.AddSingleton<FieldService.Grains.Intake.IMailbox>(p => crash.Around(ActivatorUtilities.CreateInstance<FieldService.Silo.Intake.ImapMailbox>(p)))))
        {
            var poll = await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IMailboxGrain>(IMailboxGrain.Default).PollAsync();
            Assert.Equal(CrashBeforeMarking.Message, poll.Error);
            made = Assert.Single(await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync("dan@example.com", null)).Id;
        }

        Assert.Single(await imap.UnmarkedAsync(folder.FullName, MailIntakeTests.Keyword));
        await using var second = new AppFactory(connectionString, settings: imap.SettingsFor(folder.FullName));
        var grains = second.Services.GetRequiredService<IGrainFactory>();

        var again = await grains.GetGrain<IMailboxGrain>(IMailboxGrain.Default).PollAsync();

        Assert.Equal([(made, IntakeOutcomeKind.NewOrder, true)], again.Outcomes.Select(o => (o.WorkOrderId, o.Kind, o.Replayed)));
        Assert.Single(await grains.GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync("dan@example.com", null));
        Assert.Empty(await imap.UnmarkedAsync(folder.FullName, MailIntakeTests.Keyword));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(1L, await SchemaTests.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM fs_attachment WHERE work_order_id = '{made}'"));
    }
}
