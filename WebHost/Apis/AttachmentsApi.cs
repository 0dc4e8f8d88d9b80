using FieldService.Attachments;
using FieldService.WebHost.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Microsoft.Net.Http.Headers;

namespace FieldService.WebHost.Apis;

/// <summary>A work order's attachments (issue 14.5): photos of the fault and of the finished repair, uploaded as the
/// raw bytes of one image per request (README: why not multipart), listed as metadata, downloaded with their type.</summary>
public static class AttachmentsApi
{
    public static RouteGroupBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes;
        var api = app.MapGroup("api/work-orders/{id}/attachments").WithTags("Attachments");

        api.MapPost("", AddAsync).WithName("AddAttachment")
            .WithSummary("P5–P7: keep a photo of the fault or of the finished repair with the order (the assigned technician; "
                + "the body is the image itself, JPEG, PNG or WebP; an Idempotency-Key header makes a retry return the same attachment)")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Described here, not with Accepts(): that metadata would make routing answer 415 before authorization
                // had a say (a role that may not upload would learn about media types instead of getting its 403).
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = $"The image itself, at most {maxBytes} bytes; its first bytes must match the Content-Type.",
                    Content = AttachmentMediaTypes.All.ToDictionary(
                        type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("", ListAsync).WithName("ListAttachments").WithSummary("The order's attachments, oldest first (metadata, no bytes), and whether the caller may add one now");
        api.MapGet("{attachmentId}", DownloadAsync).WithName("GetAttachment")
            .WithSummary("One attachment's bytes with its content type; its ETag is its SHA-256 (If-None-Match answers 304)")
            .Produces<byte[]>(StatusCodes.Status200OK, AttachmentMediaTypes.Jpeg, AttachmentMediaTypes.Png, AttachmentMediaTypes.Webp)
            .Produces(StatusCodes.Status304NotModified);
        return api;
    }

    private static async Task<Results<Created<Attachment>, ProblemHttpResult>> AddAsync(
        string id,
        [KebabEnum(typeof(AttachmentKind))] string? kind,
        string? caption,
        [FromHeader(Name = WorkOrdersApi.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext http,
        IGrainFactory grains,
        IOptions<AttachmentOptions> options)
    {
        if (!Validation.IsIdentifier(id))
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        if (idempotencyKey is not null && !WorkOrdersApi.IsIdempotencyKey(idempotencyKey))
        {
            return Problems.BadRequest(WorkOrdersApi.MalformedIdempotencyKey);
        }

        // The declared type first: a body of another type is not read at all.
        var contentType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var declared) ? declared.MediaType.Value?.ToLowerInvariant() : null;
        if (contentType is null || !AttachmentMediaTypes.All.Contains(contentType))
        {
            return TypedResults.Problem(
                $"An attachment is sent as the image itself, with Content-Type {string.Join(", ", AttachmentMediaTypes.All)}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type");
        }

        var v = new Validation();
        var parsedKind = EnumField.Parse<AttachmentKind>(kind, "kind", v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var limit = options.Value.MaxBytes;
        if (await ReadBodyAsync(http.Request, limit) is not { } content)
        {
            return Problems.From(new Failure(FailureKind.TooLarge, $"Attachments are limited to {limit} bytes."));
        }

        var upload = new AttachmentUpload(parsedKind!.Value, contentType, content, caption, idempotencyKey);
        var result = await grains.GetGrain<IWorkOrderAttachmentsGrain>(id).AddAsync(upload, Actors.Of(http));
        return result.Failure is { } failure
            ? Problems.From(failure)
            : TypedResults.Created($"/api/work-orders/{id}/attachments/{result.Value!.Id}", result.Value);
    }

    private static async Task<Results<Ok<AttachmentListing>, ProblemHttpResult>> ListAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        if (!Validation.IsIdentifier(id) || await grains.GetGrain<IWorkOrderAttachmentsGrain>(id).ListForAsync(actor) is not { } listing)
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        // The grain judged the order; whether these roles may call the upload at all is the policy table's.
        var mayCall = AccessPolicy.Endpoints["AddAttachment"].Any(actor.Has);
        return TypedResults.Ok(listing with { MayAdd = listing.MayAdd && mayCall });
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, string attachmentId, HttpContext http, IGrainFactory grains)
    {
        if (!Validation.IsIdentifier(id) || !Validation.IsIdentifier(attachmentId)
            || await grains.GetGrain<IWorkOrderAttachmentsGrain>(id).ReadForAsync(attachmentId, Actors.Of(http)) is not { } file)
        {
            return Problems.From(Failure.NotFound($"No attachment {attachmentId} on work order {id}."));
        }

        // Private: the photo shows a customer's premises (H3), so no shared cache may keep it; the ETag lets the
        // page's own cache ask again cheaply, and a file never changes under its id.
        var etag = new EntityTagHeaderValue("\"" + file.Attachment.Sha256 + "\"");
        http.Response.Headers.CacheControl = "private, max-age=0, must-revalidate";
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags) && tags.Any(t => t.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(file.Content, file.Attachment.ContentType);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>: read until one byte past the limit
    /// and no further, so an oversized upload costs no more than the limit (a Content-Length above it was refused
    /// before; this catches chunked bodies and test servers without a body-size feature).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)length : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
