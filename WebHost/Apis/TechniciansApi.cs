using FieldService.Technicians;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>The technician resource: profile, status, position; listing by region.</summary>
public static class TechniciansApi
{
    public static RouteGroupBuilder MapTechniciansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/technicians").WithTags("Technicians");
        api.MapPut("{id}", SaveAsync).WithName("SaveTechnician").WithSummary("Register a technician or update their profile");
        api.MapGet("{id}", GetAsync).WithName("GetTechnician").WithSummary("A technician with status, position and load");
        api.MapGet("", ListAsync).WithName("ListTechnicians").WithSummary("Technicians, optionally of one region");
        api.MapPost("{id}/status", SetStatusAsync).WithName("SetTechnicianStatus")
            .WithSummary("Set available, busy, off-shift or on-leave");
        api.MapPost("{id}/location", ReportLocationAsync).WithName("ReportTechnicianLocation").WithSummary("Report the current position");
        api.MapPut("{id}/shifts", SetShiftsAsync).WithName("SetTechnicianShifts")
            .WithSummary("Replace the weekly schedule (UTC); dispatch offers work only within a shift");
        api.MapPost("{id}/leave", AddLeaveAsync).WithName("AddTechnicianLeave").WithSummary("Record a leave period; dispatch skips it");
        api.MapDelete("{id}/leave/{leaveId}", CancelLeaveAsync).WithName("CancelTechnicianLeave").WithSummary("Cancel a leave period");
        return api;
    }

    private static async Task<Results<Created<Technician>, Ok<Technician>, ProblemHttpResult>> SaveAsync(
        string id, TechnicianProfileRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!Validation.IsIdentifier(id))
        {
            return Problems.From(Failure.Invalid("id", "must be 1–64 letters, digits, '-', '_' or '.'"));
        }

        if (body is null)
        {
            return Problems.MissingBody();
        }

        var profile = body.ToProfile();
        if (profile.Failure is { } invalid)
        {
            return Problems.From(invalid);
        }

        var result = await grains.GetGrain<ITechnicianGrain>(id).SaveProfileAsync(profile.Value!, Actors.Of(http));
        if (result.Failure is { } failure)
        {
            return Problems.From(failure);
        }

        // Every save is a new version; version 1 is the registration.
        return result.Value!.Version == 1
            ? TypedResults.Created($"/api/technicians/{id}", result.Value!)
            : TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<Technician>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var technician = Reachable(id, http) ? await grains.GetGrain<ITechnicianGrain>(id).GetAsync() : null;
        return technician is null ? Problems.From(Failure.NotFound($"No technician {id}.")) : TypedResults.Ok(technician);
    }

    private static async Task<Ok<IReadOnlyList<Technician>>> ListAsync(string? region, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITechnicianDirectoryGrain>(0).ListAsync(string.IsNullOrWhiteSpace(region) ? null : region));

    private static async Task<Results<Ok<Technician>, ProblemHttpResult>> SetStatusAsync(
        string id, TechnicianStatusRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var v = new Validation();
        var status = EnumField.Parse<TechnicianStatus>(body.Status, "status", v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return !Reachable(id, http)
            ? Problems.From(Failure.NotFound($"No technician {id}."))
            : Problems.OkOr(await grains.GetGrain<ITechnicianGrain>(id).SetStatusAsync(status!.Value, body.Reason, Actors.Of(http)));
    }

    private static async Task<Results<Ok<Technician>, ProblemHttpResult>> ReportLocationAsync(
        string id, GeoPointBody? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var v = new Validation();
        var location = body.ToGeoPoint("", v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return !Reachable(id, http)
            ? Problems.From(Failure.NotFound($"No technician {id}."))
            : Problems.OkOr(await grains.GetGrain<ITechnicianGrain>(id).ReportLocationAsync(location!));
    }

    private static async Task<Results<Ok<Technician>, ProblemHttpResult>> SetShiftsAsync(
        string id, ShiftsRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var shifts = body.ToShifts();
        if (shifts.Failure is { } invalid)
        {
            return Problems.From(invalid);
        }

        return !Reachable(id, http)
            ? Problems.From(Failure.NotFound($"No technician {id}."))
            : Problems.OkOr(await grains.GetGrain<ITechnicianGrain>(id).SetShiftsAsync(shifts.Value!, Actors.Of(http)));
    }

    private static async Task<Results<Created<Technician>, ProblemHttpResult>> AddLeaveAsync(
        string id, LeaveRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var leave = body.ToLeave();
        if (leave.Failure is { } invalid)
        {
            return Problems.From(invalid);
        }

        if (!Reachable(id, http))
        {
            return Problems.From(Failure.NotFound($"No technician {id}."));
        }

        var result = await grains.GetGrain<ITechnicianGrain>(id).AddLeaveAsync(leave.Value!, Actors.Of(http));
        return result.Failure is { } failure
            ? Problems.From(failure)
            : TypedResults.Created($"/api/technicians/{id}/leave/{result.Value!.Leave.OrderByDescending(l => LeaveNumber(l.Id)).First().Id}", result.Value!);
    }

    private static async Task<Results<Ok<Technician>, ProblemHttpResult>> CancelLeaveAsync(
        string id, string leaveId, HttpContext http, IGrainFactory grains) =>
        !Reachable(id, http) || !Validation.IsIdentifier(leaveId)
            ? Problems.From(Failure.NotFound($"No technician {id} with leave {leaveId}."))
            : Problems.OkOr(await grains.GetGrain<ITechnicianGrain>(id).CancelLeaveAsync(leaveId, Actors.Of(http)));

    private static int LeaveNumber(string leaveId) => int.TryParse(leaveId.AsSpan("leave-".Length), out var n) ? n : 0;

    /// <summary>A well-formed id the caller may reach; another technician's record answers 404 like an unknown one.</summary>
    private static bool Reachable(string id, HttpContext http) =>
        Validation.IsIdentifier(id) && TechnicianAccess.MayAccess(id, Actors.Of(http));
}
