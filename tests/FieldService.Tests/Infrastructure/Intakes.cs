using System.Text.Json.Nodes;
using FieldService.WorkOrders;

namespace FieldService.Tests.Infrastructure;

/// <summary>Well-formed intakes, as grain commands and as JSON request bodies.</summary>
public static class Intakes
{
    public static ReportFault Fault(string region = "north", bool critical = false, Priority priority = Priority.Normal) => new(
        new Customer("Harbour Hotel", "+86 21 5555 0101", "facilities@harbour.example", "18 Riverside Road", new GeoPoint(31.29, 121.52)),
        new Product("AC-9000", "SN-77812", "hvac", critical),
        new Fault("Rooftop unit blows warm air", Channel.Phone),
        priority,
        region,
        new SkillRequirement("hvac", 3),
        "Bring refrigerant gauge set",
        null);

    /// <summary>An intake body; without <paramref name="agreedArrival"/> for tests on the wall clock, where the fixed
    /// arrival window (2026-11-27 10:00–12:00Z) would be in the past.</summary>
    public static JsonObject Body(string region = "north", bool agreedArrival = true)
    {
        var body = FullBody(region);
        if (!agreedArrival)
        {
            body.Remove("agreedArrival");
        }

        return body;
    }

    private static JsonObject FullBody(string region) => new()
    {
        ["customer"] = new JsonObject
        {
            ["name"] = "Harbour Hotel",
            ["phone"] = "+86 21 5555 0101",
            ["email"] = "facilities@harbour.example",
            ["address"] = "18 Riverside Road",
            ["location"] = new JsonObject { ["lat"] = 31.29, ["lon"] = 121.52 },
        },
        ["product"] = new JsonObject { ["model"] = "AC-9000", ["serialNumber"] = "SN-77812", ["category"] = "hvac", ["critical"] = false },
        ["fault"] = new JsonObject { ["description"] = "Rooftop unit blows warm air", ["channel"] = "phone" },
        ["priority"] = "high",
        ["region"] = region,
        ["requiredSkill"] = new JsonObject { ["skill"] = "hvac", ["level"] = 3 },
        ["requirements"] = "Bring refrigerant gauge set",
        ["agreedArrival"] = new JsonObject { ["from"] = "2026-11-27T10:00:00Z", ["to"] = "2026-11-27T12:00:00Z" },
    };

    public static JsonObject Technician(string region = "north", int capacity = 2) => new()
    {
        ["name"] = "Li Wei",
        ["region"] = region,
        ["skills"] = new JsonArray(new JsonObject { ["name"] = "hvac", ["level"] = 4 }),
        ["home"] = new JsonObject { ["lat"] = 31.30, ["lon"] = 121.50 },
        ["capacity"] = capacity,
        ["shift"] = new JsonObject { ["start"] = "08:00", ["end"] = "17:00" },
    };
}
