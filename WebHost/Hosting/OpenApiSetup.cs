using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FieldService.WebHost.Apis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace FieldService.WebHost.Hosting;

/// <summary>
/// Issue 13.6: <c>/openapi/v1.json</c> says what a client needs to call the API without reading its code: the bearer
/// scheme (so Scalar can send a token), the problem answers each operation can give, which body fields are required,
/// the enum values and limits the server enforces. The Orleans Dashboard's routes are no part of the API.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemMediaType = "application/problem+json";

    public static IServiceCollection AddFieldServiceOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            var byGroup = options.ShouldInclude;
            options.ShouldInclude = description =>
                byGroup(description) && !(description.RelativePath ?? "").StartsWith(DashboardSetup.Prefix.TrimStart('/'), StringComparison.OrdinalIgnoreCase);
            options.AddDocumentTransformer((document, _, _) =>
            {
                DescribeDocument(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                DescribeOperation(operation, context);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                DescribeRequestSchema(schema, context);
                return Task.CompletedTask;
            });
        });

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Dev tokens"] = "Tokens for any user and roles, in the embedded mode only (or with Auth:DevTokens=true).",
        ["Work orders"] = "Intake (P1), the lifecycle commands (P2–P9, Q3/Q4, E2/E3, TS1), reads and listings.",
        ["Technicians"] = "Technician records, status, position, shifts, leave and assessments.",
        ["Dispatch"] = "The regions' dispatch queues and decisions (P2).",
        ["Spare parts"] = "Parts, bins, the ledger, transfers, stocktakes and purchasing (M1–M3).",
        ["Audit"] = "The append-only audit trail by order, technician and time range.",
        ["Reports"] = "Compliance per clause, assessments and rankings, computed from recorded facts.",
        ["Escalations"] = "Escalations with acknowledgement, the emergency roster and plans (E1–E3).",
        ["Quality"] = "Repair standards (Q1), the inspection queue and the sampling tallies (Q3).",
        ["Complaints"] = "Complaints from opening to the customer's response.",
        ["Callbacks"] = "The callback queue (P9).",
    };

    private static void DescribeDocument(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the identity provider, or in the embedded mode from POST /api/dev/tokens.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();

        // A required member of a request body that refers to another schema is no more nullable than a plain one
        // (the schema transformer sees only the reference's target, so the wrapper is unwrapped here).
        foreach (var (name, component) in document.Components.Schemas)
        {
            if (IsRequestName(name) && component is OpenApiSchema { Required: { Count: > 0 } required, Properties: { } properties })
            {
                foreach (var member in required)
                {
                    if (properties.TryGetValue(member, out var value) && value is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var target] })
                    {
                        properties[member] = target;
                    }
                }
            }
        }

        // The server list names the host that answered; a trailing slash would double the paths' first one.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description ??= description;
            }
        }
    }

    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details. A 422 names each invalid field in `errors`; a 409 names the order's `currentStatus`.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["currentStatus"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "409: the state the step is not allowed in." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "422: the messages for each invalid field, by field path (e.g. `customer.phone`).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    /// <summary>The problems an operation can answer, by what it is: every endpoint can be malformed, invalid or meet an
    /// outage; a protected one can be unauthenticated or forbidden; one naming an object can miss it; a command can
    /// be refused in the object's state or find it changed; a body can be too large; intake is rate-limited.</summary>
    private static void DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "").TrimStart('/');
        operation.OperationId ??= OperationIdOf(method, path);
        operation.Summary ??= $"{method} {path}";

        DescribeEnumParameters(operation, context);
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (anonymous)
        {
            // An empty requirement overrides the document's: no token needed.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        if (operation.RequestBody is OpenApiRequestBody body)
        {
            // Every handler answers a missing body with 400; the nullable parameter only lets it say so itself.
            body.Required = true;
            foreach (var media in body.Content?.Values ?? [])
            {
                if (media.Schema is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var target] })
                {
                    media.Schema = target;
                }
            }
        }

        var command = !HttpMethods.IsGet(method);
        var statuses = new List<(int Status, string Description)>
        {
            (StatusCodes.Status400BadRequest, "Malformed request (unreadable JSON, a missing body, a malformed header or parameter)."),
        };
        if (!anonymous)
        {
            statuses.Add((StatusCodes.Status401Unauthorized, "No valid bearer token."));
            statuses.Add((StatusCodes.Status403Forbidden, "The caller's roles may not call this endpoint, or not on this object."));
        }

        if (path.Contains('{'))
        {
            statuses.Add((StatusCodes.Status404NotFound, "No such object, or one the caller may not see."));
        }

        if (command)
        {
            statuses.Add((StatusCodes.Status409Conflict, "Not allowed in the object's current state (named in the problem)."));
        }

        if (command && path.StartsWith("/api/work-orders/{id}/", StringComparison.Ordinal))
        {
            statuses.Add((StatusCodes.Status412PreconditionFailed, "If-Match names a version of the order that is no longer current."));
            // Read by the handler from the request (WorkOrdersApi.ExecuteAsync), so the document is told here; an
            // endpoint binding the header itself (the photo upload) has it described already.
            operation.Parameters ??= [];
        }

        if (command && path.StartsWith("/api/work-orders/{id}/", StringComparison.Ordinal)
            && !operation.Parameters!.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, WorkOrdersApi.IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase)))
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = WorkOrdersApi.IdempotencyKeyHeader,
                In = ParameterLocation.Header,
                Description = "The caller's name for this one step (e.g. a UUID): sent again with the same body, the step is answered with the order as it is now and not applied twice; the same key for another step is 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = FieldService.WorkOrders.WorkOrderLimits.MaxIdempotencyKeyLength },
            });
        }

        if (operation.RequestBody is not null)
        {
            var limit = metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize ?? Security.SecuritySetup.MaxRequestBodyBytes;
            statuses.Add((StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes."));
        }

        statuses.Add((StatusCodes.Status422UnprocessableEntity, "One or more values are invalid; `errors` names each field."));
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            statuses.Add((StatusCodes.Status429TooManyRequests, "Too many requests from this client; retry after the time in Retry-After."));
        }

        statuses.Add((StatusCodes.Status503ServiceUnavailable, "The cluster or its storage is unavailable; retry after the time in Retry-After."));

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, text) in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key))
            {
                continue;
            }

            var response = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    },
                };
            }

            operation.Responses[key] = response;
        }
    }

    /// <summary>An id for an operation that has no name: its method and path, e.g. <c>get-api-parts-bins-location</c>.</summary>
    private static string OperationIdOf(string method, string path) =>
        method.ToLowerInvariant() + "-" + string.Join('-', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('{', '}')));

    /// <summary>Request bodies are read with every member nullable (so that a missing value is a named 422, not a
    /// malformed body); the schema says which members the server really requires (<see cref="RequiredAttribute"/>),
    /// the enum values it accepts (<see cref="KebabEnumAttribute"/>) and the lengths and ranges it enforces.</summary>
    private static void DescribeRequestSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo is { } property)
        {
            if (!IsRequestType(property.DeclaringType))
            {
                return;
            }

            foreach (var attribute in AttributesOf(property))
            {
                switch (attribute)
                {
                    case RequiredAttribute when schema.Type is { } type && type.HasFlag(JsonSchemaType.Null):
                        // A required member sent as null is answered like a missing one (422).
                        schema.Type = type & ~JsonSchemaType.Null;
                        break;
                    case MaxLengthAttribute max when IsArray(schema):
                        schema.MaxItems = max.Length;
                        break;
                    case MaxLengthAttribute max:
                        schema.MaxLength = max.Length;
                        break;
                    case MinLengthAttribute min when IsArray(schema):
                        schema.MinItems = min.Length;
                        break;
                    case MinLengthAttribute min:
                        schema.MinLength = min.Length;
                        break;
                    case RangeAttribute range:
                        schema.Minimum = Convert.ToString(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
                        schema.Maximum = Convert.ToString(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case KebabEnumAttribute kebab:
                        schema.Enum = KebabValues(kebab);
                        break;
                }
            }

            return;
        }

        if (IsRequestType(context.JsonTypeInfo.Type) && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            schema.Required = new HashSet<string>(
                context.JsonTypeInfo.Properties.Where(p => AttributesOf(p).OfType<RequiredAttribute>().Any()).Select(p => p.Name),
                StringComparer.Ordinal);
        }
    }

    private static bool IsArray(OpenApiSchema schema) => schema.Type is { } type && type.HasFlag(JsonSchemaType.Array);

    private static List<JsonNode> KebabValues(KebabEnumAttribute kebab) =>
        [.. Enum.GetNames(kebab.EnumType).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.KebabCaseLower.ConvertName(n))!)];

    /// <summary>Query parameters read as kebab-case enums (e.g. a listing's <c>status</c>) list their values too.</summary>
    private static void DescribeEnumParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var parameter in context.Description.ParameterDescriptions)
        {
            if (parameter.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.GetCustomAttributes(typeof(KebabEnumAttribute), false) is [KebabEnumAttribute kebab]
                && operation.Parameters?.FirstOrDefault(p => p.Name == parameter.Name) is OpenApiParameter { Schema: OpenApiSchema schema })
            {
                schema.Enum = KebabValues(kebab);
            }
        }
    }

    private static bool IsRequestType(Type type) => type.Assembly == typeof(OpenApiSetup).Assembly && IsRequestName(type.Name);

    private static bool IsRequestName(string name) => name.EndsWith("Request", StringComparison.Ordinal) || name.EndsWith("Body", StringComparison.Ordinal);

    /// <summary>A positional record's attributes sit on its constructor parameter unless targeted at the property.</summary>
    private static IEnumerable<Attribute> AttributesOf(JsonPropertyInfo property) =>
        (property.AttributeProvider?.GetCustomAttributes(true) ?? [])
        .Concat(property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(true) ?? [])
        .OfType<Attribute>();
}
