namespace FieldService.Quality;

/// <summary>
/// Q3: the company's list of the regions that have a sampler (key 0), and the keeper of the tallies the single company
/// sampler held before the samplers were keyed by region, which it hands to each region's sampler once. Called once
/// per region (at its sampler's first use), never per completion.
/// </summary>
[Alias("fs.ISamplerDirectoryGrain")]
public interface ISamplerDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records the region as having a sampler and returns what the company sampler counted for it: the region's
    /// tally, the tallies of the technicians whose home region it was when the tallies were split, and its latest
    /// decisions. The same answer every time, so a region's sampler whose write failed asks again and counts nothing twice.</summary>
    Task<SamplerHandOver> JoinAsync(string region);

    /// <summary>Every region with a sampler, including those the company sampler's tallies name but whose sampler has
    /// not been used since, in ordinal order.</summary>
    Task<IReadOnlyList<string>> RegionsAsync();
}
