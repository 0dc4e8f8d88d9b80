using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>Issue 14.5: a work order's photos are kept in PostgreSQL (fs_attachment) and outlive the host that took them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableAttachmentTests(PostgresServer server)
{
    [Fact]
    public async Task P14_5_a_photo_survives_a_restart_and_its_retry_after_the_restart_adds_no_second_row()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        string id;
        JsonObject taken;
        await using (var first = new AppFactory(connectionString))
        {
            var customer = await first.Personas.CustomerAsync("c-durable-photo");
            var (order, technician) = await Photos.OnSiteOrderAsync(first.Personas, customer, "t-durable-photo");
            id = order;
            taken = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Created, idempotencyKey: "fault-1", caption: "before");
        }

        await using var second = new AppFactory(connectionString);
        var technicianAgain = await second.Personas.TechnicianAsync("t-durable-photo");
        var customerAgain = await second.Personas.CustomerAsync("c-durable-photo");

        var listed = (JsonArray)(await customerAgain.GetAsync($"/api/work-orders/{id}/attachments"))["items"]!;
        using var bytes = await Photos.DownloadAsync(customerAgain, id, (string)taken["id"]!, HttpStatusCode.OK);
        var retried = await Photos.UploadAsync(technicianAgain, id, Photos.Png, HttpStatusCode.Created, idempotencyKey: "fault-1", caption: "before");

        Assert.Equal([taken.ToJsonString()], listed.Select(a => a!.ToJsonString()));
        Assert.Equal(Photos.Png, await bytes.Content.ReadAsByteArrayAsync());
        Assert.Equal(taken.ToJsonString(), retried.ToJsonString());
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(1L, await SchemaTests.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM fs_attachment WHERE work_order_id = '{id}'"));
        Assert.Equal((string?)taken["sha256"], await SchemaTests.ScalarAsync<string>(dataSource,
            $"SELECT encode(sha256(content), 'hex') FROM fs_attachment WHERE work_order_id = '{id}'"));
        Assert.Equal(1L, await SchemaTests.ScalarAsync<long>(dataSource,
            $"SELECT count(*) FROM fs_audit WHERE action = 'attach' AND work_order_id = '{id}' AND facts->'attachment'->>'sha256' = '{taken["sha256"]}'"));
    }
}
