using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Issue 14.5, photos: the assigned technician keeps photos of the fault and of the repair with the order;
/// whoever may read the order reads them; bad files change nothing.</summary>
public class AttachmentApiTests : HostedTests
{
    /// <summary>Small limits, so the caps are reached with small files.</summary>
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Attachments:MaxBytes"] = "4096",
        ["Attachments:MaxPerOrder"] = "3",
    };

    private static IReadOnlyList<JsonNode> Items(JsonObject listing) => ((JsonArray)listing["items"]!).Select(n => n!).ToList();

    [Fact]
    public async Task P14_5_the_assigned_technician_uploads_a_photo_that_is_listed_read_back_and_audited()
    {
        var customer = await Factory.Personas.CustomerAsync("c-photo");
        var (id, technician) = await Photos.OnSiteOrderAsync(Factory.Personas, customer, "t-photo");

        var created = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Created, caption: "压缩机 burnt relay");
        var repair = await Photos.UploadAsync(technician, id, Photos.Jpeg(), HttpStatusCode.Created, kind: "repair", contentType: "image/jpeg");

        Assert.Equal(("fault", "image/png", (long)Photos.Png.Length), ((string?)created["kind"], (string?)created["contentType"], (long)created["sizeBytes"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photos.Png)), (string?)created["sha256"]);
        Assert.Equal(("user-t-photo", "压缩机 burnt relay"), ((string?)created["takenBy"]!["id"], (string?)created["caption"]));
        var listing = await technician.GetAsync($"/api/work-orders/{id}/attachments");
        Assert.Equal([(string)created["id"]!, (string)repair["id"]!], Items(listing).Select(a => (string)a["id"]!));
        Assert.Equal((true, 4096L), ((bool)listing["mayAdd"]!, (long)listing["maxBytes"]!));

        using var download = await Photos.DownloadAsync(technician, id, (string)created["id"]!, HttpStatusCode.OK);
        Assert.Equal(Photos.Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.True(download.Headers.CacheControl?.Private, "the photo must not be kept by shared caches");
        Assert.Equal($"\"{created["sha256"]}\"", download.Headers.ETag?.Tag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/work-orders/{id}/attachments/{created["id"]}");
        again.Headers.IfNoneMatch.Add(download.Headers.ETag!);
        using var notModified = await technician.SendRawAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var audit = await (await Factory.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync($"/api/audit?workOrderId={id}&pageSize=100");
        var attached = Items(audit).Where(e => (string?)e["action"] == "attach").ToList();
        Assert.Equal(2, attached.Count);
        var fact = attached.Single(e => (string?)e["subjectId"] == (string?)created["id"])["facts"]!["attachment"]!;
        Assert.Equal(("fault", (string?)created["sha256"], "t-photo"),
            ((string?)fact["kind"], (string?)fact["sha256"], (string?)attached[0]["technicianId"]));
    }

    [Fact]
    public async Task P14_5_whoever_may_read_the_order_reads_its_photos_and_nobody_else()
    {
        var customer = await Factory.Personas.CustomerAsync("c-photo");
        var (id, technician) = await Photos.OnSiteOrderAsync(Factory.Personas, customer, "t-photo");
        var photo = (string)(await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Created))["id"]!;
        await (await Factory.Personas.OperatorAsync()).PutAsync("/api/technicians/t-other", Intakes.Technician(), HttpStatusCode.Created);
        var otherTechnician = await Factory.Personas.TechnicianAsync("t-other");
        var otherCustomer = await Factory.Personas.CustomerAsync("c-someone-else");
        var auditor = await Factory.Personas.AsAsync("auditor-1", Roles.Auditor);

        foreach (var reader in new[] { customer, auditor, await Factory.Personas.AgentAsync() })
        {
            var listing = await reader.GetAsync($"/api/work-orders/{id}/attachments");
            Assert.Equal([photo], Items(listing).Select(a => (string)a["id"]!));
            Assert.False((bool)listing["mayAdd"]!, "only the assigned technician may add photos");
            using var bytes = await Photos.DownloadAsync(reader, id, photo, HttpStatusCode.OK);
            Assert.Equal(Photos.Png, await bytes.Content.ReadAsByteArrayAsync());
        }

        foreach (var stranger in new[] { otherTechnician, otherCustomer })
        {
            await stranger.GetAsync($"/api/work-orders/{id}/attachments", HttpStatusCode.NotFound);
            using var _ = await Photos.DownloadAsync(stranger, id, photo, HttpStatusCode.NotFound);
        }

        // Another technician cannot add to an order that is not theirs: as if it did not exist. Nor can a customer (403).
        await Photos.UploadAsync(otherTechnician, id, Photos.Png, HttpStatusCode.NotFound);
        await Photos.UploadAsync(customer, id, Photos.Png, HttpStatusCode.Forbidden);
        using var unknown = await Photos.DownloadAsync(technician, id, "no-such-photo", HttpStatusCode.NotFound);
        Assert.Single(Items(await technician.GetAsync($"/api/work-orders/{id}/attachments")));
    }

    [Fact]
    public async Task P14_5_a_file_too_large_of_another_type_or_not_the_image_it_claims_is_refused_and_nothing_is_kept()
    {
        var (id, technician) = await Photos.OnSiteOrderAsync(Factory.Personas, await Factory.Personas.AgentAsync(), "t-photo");

        var tooLarge = await Photos.UploadAsync(technician, id, Photos.Jpeg(4097), HttpStatusCode.RequestEntityTooLarge, contentType: "image/jpeg");
        await Photos.UploadAsync(technician, id, Photos.Jpeg(4096), HttpStatusCode.Created, contentType: "image/jpeg");
        await Photos.UploadAsync(technician, id, "%PDF-1.7"u8.ToArray(), HttpStatusCode.UnsupportedMediaType, contentType: "application/pdf");
        var disguised = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.UnprocessableEntity, contentType: "image/jpeg");
        var notAnImage = await Photos.UploadAsync(technician, id, "GIF89a..."u8.ToArray(), HttpStatusCode.UnprocessableEntity, contentType: "image/webp");
        var empty = await Photos.UploadAsync(technician, id, [], HttpStatusCode.UnprocessableEntity);
        var badKind = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.UnprocessableEntity, kind: "selfie");
        var longCaption = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.UnprocessableEntity, caption: new string('x', 201));

        Assert.Contains("4096", (string?)tooLarge["detail"], StringComparison.Ordinal);
        Assert.Contains("image/png, not image/jpeg", (string?)disguised["errors"]!["content"]![0], StringComparison.Ordinal);
        Assert.NotNull(notAnImage["errors"]!["content"]);
        Assert.NotNull(empty["errors"]!["content"]);
        Assert.NotNull(badKind["errors"]!["kind"]);
        Assert.NotNull(longCaption["errors"]!["caption"]);
        Assert.Single(Items(await technician.GetAsync($"/api/work-orders/{id}/attachments")));
    }

    [Fact]
    public async Task P14_5_an_order_keeps_at_most_its_cap_and_only_while_the_technician_works_on_it()
    {
        var (id, technician) = await Photos.OnSiteOrderAsync(Factory.Personas, await Factory.Personas.AgentAsync(), "t-photo");
        for (var n = 1; n <= 3; n++)
        {
            await Photos.UploadAsync(technician, id, Photos.Jpeg(100 + n), HttpStatusCode.Created, contentType: "image/jpeg");
        }

        var full = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Conflict);

        var staff = await Factory.Personas.OperatorAsync();
        var offered = await staff.ReportAsync();
        await staff.PostAsync($"/api/work-orders/{offered}/triage", new { onSite = true });
        await staff.PostAsync($"/api/work-orders/{offered}/dispatch", new { technicianId = "t-photo" });
        var notYet = await Photos.UploadAsync(technician, offered, Photos.Png, HttpStatusCode.Conflict);

        Assert.Equal("on-site", (string?)full["currentStatus"]);
        Assert.Equal("dispatched", (string?)notYet["currentStatus"]);
        var listing = await technician.GetAsync($"/api/work-orders/{id}/attachments");
        Assert.Equal((3, false), (Items(listing).Count, (bool)listing["mayAdd"]!));
        Assert.False((bool)(await technician.GetAsync($"/api/work-orders/{offered}/attachments"))["mayAdd"]!, "no photos before the offer is accepted");
    }

    [Fact]
    public async Task P14_5_an_upload_retried_with_its_Idempotency_Key_is_the_same_attachment()
    {
        var (id, technician) = await Photos.OnSiteOrderAsync(Factory.Personas, await Factory.Personas.AgentAsync(), "t-photo");

        var first = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Created, idempotencyKey: "photo-1");
        var retried = await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.Created, idempotencyKey: "photo-1");
        var reused = await Photos.UploadAsync(technician, id, Photos.Jpeg(), HttpStatusCode.UnprocessableEntity, contentType: "image/jpeg", idempotencyKey: "photo-1");
        await Photos.UploadAsync(technician, id, Photos.Png, HttpStatusCode.BadRequest, idempotencyKey: "\u00e9t\u00e9");

        Assert.Equal(first.ToJsonString(), retried.ToJsonString());
        Assert.NotNull(reused["errors"]!["idempotencyKey"]);
        Assert.Single(Items(await technician.GetAsync($"/api/work-orders/{id}/attachments")));
        var audit = await (await Factory.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync($"/api/audit?workOrderId={id}&pageSize=100");
        Assert.Single(Items(audit), e => (string?)e["action"] == "attach");
    }

    [Fact]
    public async Task P14_5_the_api_document_describes_the_upload_as_an_image_body_with_its_limits()
    {
        using var http = Factory.CreateClient();
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;

        var upload = document["paths"]!["/api/work-orders/{id}/attachments"]!["post"]!;
        Assert.Equal(["image/jpeg", "image/png", "image/webp"], upload["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal("binary", (string?)upload["requestBody"]!["content"]!["image/png"]!["schema"]!["format"]);
        Assert.Contains("4096", (string?)upload["requestBody"]!["description"], StringComparison.Ordinal);
        Assert.All(new[] { "403", "404", "409", "413", "415", "422" }, status => Assert.NotNull(upload["responses"]![status]));
    }
}
