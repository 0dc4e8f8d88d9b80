using System.ComponentModel.DataAnnotations;
using FieldService.Quality;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

public sealed record ChecklistItemBody([Required, MaxLength(64)] string? Id, [Required, MaxLength(1000)] string? Text, [Required, MaxLength(1000)] string? Method);

public sealed record PublishStandardRequest([Required, MinLength(1), MaxLength(100)] IReadOnlyList<ChecklistItemBody?>? Items, [MaxLength(Validation.MaxText)] string? Notes);

/// <summary>Q1 standards (versioned checklists per product category) and Q3 inspection: the inspectors' queue and the
/// sampling tallies.</summary>
public static class QualityApi
{
    public static RouteGroupBuilder MapQualityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Quality");
        api.MapPost("standards/{category}", PublishAsync).WithName("PublishStandard")
            .WithSummary("Q1: publish the next version of a product category's standard (its inspection checklist)");
        api.MapGet("standards/{category}", CurrentAsync).WithName("GetStandard")
            .WithSummary("Q1: the current standard of a category (the general one applies to categories without their own)");
        api.MapGet("standards/{category}/versions", VersionsAsync).WithName("ListStandardVersions").WithSummary("Q1: every version of a category's standard");
        api.MapGet("standards/{category}/versions/{version:int}", VersionAsync).WithName("GetStandardVersion").WithSummary("Q1: one version of a standard");
        api.MapGet("standards/{category}/versions/{version:int}/orders", UsesAsync).WithName("ListStandardVersionOrders")
            .WithSummary("Q1: the work orders whose self-check (and so inspection) used this version of the standard, most recent first");
        api.MapGet("inspections", QueueAsync).WithName("ListInspectionQueue")
            .WithSummary("Q3: completed repairs waiting for an inspector, oldest first, optionally of one region");
        api.MapGet("quality/sampling", TalliesAsync).WithName("GetSamplingTallies")
            .WithSummary("Q3: per technician and per region, how many completions were inspected (critical and reworked ones aside)");
        return api;
    }

    private static async Task<Results<Created<Standard>, ProblemHttpResult>> PublishAsync(
        string category, PublishStandardRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!Validation.IsIdentifier(category))
        {
            return Problems.From(Failure.Invalid("category", "must be 1–64 letters, digits, '-', '_' or '.'"));
        }

        if (body is null)
        {
            return Problems.MissingBody();
        }

        var items = (body.Items ?? []).Select(i => new ChecklistItem(i?.Id ?? "", i?.Text ?? "", i?.Method ?? "")).ToArray();
        var result = await grains.GetGrain<IStandardGrain>(category).PublishAsync(items, body.Notes, Actors.Of(http));
        return result.Failure is { } failure
            ? Problems.From(failure)
            : TypedResults.Created($"/api/standards/{category}/versions/{result.Value!.Version}", result.Value!);
    }

    private static async Task<Results<Ok<Standard>, ProblemHttpResult>> CurrentAsync(string category, IGrainFactory grains)
    {
        var standard = Validation.IsIdentifier(category) ? await grains.GetGrain<IStandardGrain>(category).GetCurrentAsync() : null;
        return standard is null
            ? Problems.From(Failure.NotFound($"No standard was published for {category}; its repairs are checked against the {Standards.General} standard."))
            : TypedResults.Ok(standard);
    }

    private static async Task<Results<Ok<IReadOnlyList<Standard>>, ProblemHttpResult>> VersionsAsync(string category, IGrainFactory grains) =>
        Validation.IsIdentifier(category)
            ? TypedResults.Ok(await grains.GetGrain<IStandardGrain>(category).ListAsync())
            : Problems.From(Failure.NotFound($"No standard {category}."));

    private static async Task<Results<Ok<Standard>, ProblemHttpResult>> VersionAsync(string category, int version, IGrainFactory grains)
    {
        var standard = Validation.IsIdentifier(category) ? await grains.GetGrain<IStandardGrain>(category).GetVersionAsync(version) : null;
        return standard is null ? Problems.From(Failure.NotFound($"No version {version} of the {category} standard.")) : TypedResults.Ok(standard);
    }

    private static async Task<Results<Ok<PageResponse<StandardUse>>, ProblemHttpResult>> UsesAsync(
        string category, int version, int? page, int? pageSize, IGrainFactory grains)
    {
        var v = new Validation();
        var paging = Paging.Read(page, pageSize, v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var standard = Validation.IsIdentifier(category) ? await grains.GetGrain<IStandardGrain>(category).GetVersionAsync(version) : null;
        return standard is null
            ? Problems.From(Failure.NotFound($"No version {version} of the {category} standard."))
            : TypedResults.Ok(PageResponse<StandardUse>.Of(
                await grains.GetGrain<IStandardUsageGrain>(StandardUsage.Key(category, version)).ListAsync(paging.Page, paging.PageSize)));
    }

    private static async Task<Results<Ok<PageResponse<WorkOrderSummary>>, ProblemHttpResult>> QueueAsync(
        string? region, int? page, int? pageSize, IGrainFactory grains)
    {
        var v = new Validation();
        var paging = Paging.Read(page, pageSize, v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new WorkOrderQuery(WorkOrderStatus.AwaitingInspection, Paging.Filter(region), null, paging.Page, paging.PageSize);
        return TypedResults.Ok(PageResponse<WorkOrderSummary>.Of(await grains.GetGrain<IWorkOrderDirectoryGrain>(0).ListAsync(query)));
    }

    /// <summary>Gathers every region's sampler. The regions come from the samplers' own directory, not from the technician
    /// index or the dispatch settings: a region gets a sampler at its first completion (or is owed the former company
    /// sampler's tallies) whether or not a technician calls it home, and only such a region has tallies.</summary>
    private static async Task<Ok<IReadOnlyList<SamplingTally>>> TalliesAsync(IGrainFactory grains)
    {
        var regions = await grains.GetGrain<ISamplerDirectoryGrain>(0).RegionsAsync();
        var tallies = await Task.WhenAll(regions.Select(r => grains.GetGrain<IRegionSamplerGrain>(r).GetTalliesAsync()));
        return TypedResults.Ok(SamplingTally.Gather(tallies.SelectMany(t => t)));
    }
}
