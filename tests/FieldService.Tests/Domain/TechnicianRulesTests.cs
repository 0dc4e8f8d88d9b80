using FieldService.Grains.Technicians;
using FieldService.Technicians;

namespace FieldService.Tests.Domain;

public sealed class TechnicianRulesTests
{
    private static readonly TechnicianProfile Profile = new("Li Wei", "north", [new Skill("hvac", 4)], new GeoPoint(31.3, 121.5), 2, null);

    private static Technician With(TechnicianStatus duty, params string[] assignments) =>
        new() { Id = "t-1", Profile = Profile, DutyStatus = duty, Assignments = assignments };

    [Fact]
    public void H1_a_profile_names_every_invalid_field()
    {
        var profile = new TechnicianProfile("", "no region!", [new Skill("hvac", 0), new Skill("HVAC", 3)], new GeoPoint(0, 200), 0,
            new Shift(new TimeOnly(8, 0), new TimeOnly(8, 0)));

        var failure = TechnicianRules.ValidateProfile(profile)!;

        Assert.Equal(["capacity", "home.lon", "name", "region", "shift.end", "skills", "skills[0].level"],
            failure.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void P2_an_available_technician_below_capacity_takes_an_order()
    {
        Assert.Null(TechnicianRules.RefuseAssignment(With(TechnicianStatus.Available, "wo-1"), "wo-2"));
    }

    [Fact]
    public void P2_a_technician_at_capacity_is_busy_and_refuses()
    {
        var technician = With(TechnicianStatus.Available, "wo-1", "wo-2");

        var failure = TechnicianRules.RefuseAssignment(technician, "wo-3")!;

        Assert.Equal(TechnicianStatus.Busy, technician.Status);
        Assert.Equal((FailureKind.Conflict, "busy"), (failure.Kind, failure.CurrentStatus));
    }

    [Theory]
    [InlineData(TechnicianStatus.OnLeave)]
    [InlineData(TechnicianStatus.OffShift)]
    [InlineData(TechnicianStatus.Busy)]
    public void P2_a_technician_not_available_refuses(TechnicianStatus duty)
    {
        Assert.Equal(FailureKind.Conflict, TechnicianRules.RefuseAssignment(With(duty), "wo-1")!.Kind);
    }
}
