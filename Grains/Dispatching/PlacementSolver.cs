namespace FieldService.Grains.Dispatching;

/// <summary>
/// The orders of a round placed on technicians' free places: as many orders as possible, and among those placements
/// the one of least total cost. Each order (row) may go to the technicians (columns) it has an arc to, at the arc's
/// cost; each technician takes up to its free places, the k-th place costing <c>PlaceCost(column, k)</c>, which must
/// not fall as k grows (a load term). Only arcs are stored, never a rows × places matrix, so 10,000 orders with a few
/// dozen candidates each take megabytes and well under a second, where the dense assignment it replaces grew with
/// rows² × places (about a minute for 4,000 orders).
/// </summary>
public sealed class PlacementSolver
{
    private readonly int rows;
    private readonly int columns;
    private readonly int[] arcStart;
    private readonly int[] arcColumn;
    private readonly double[] arcCost;
    private readonly int[] capacity;
    private readonly double[][] placeCost;

    /// <param name="arcs">Per row, the columns it may go to with the cost; a column at most once per row.</param>
    /// <param name="placeCosts">Per column, the cost of its first, second … free place (non-decreasing; the array's
    /// length is the column's free places).</param>
    public PlacementSolver(IReadOnlyList<IReadOnlyList<(int Column, double Cost)>> arcs, IReadOnlyList<double[]> placeCosts)
    {
        rows = arcs.Count;
        columns = placeCosts.Count;
        arcStart = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            arcStart[r + 1] = arcStart[r] + arcs[r].Count;
        }

        arcColumn = new int[arcStart[rows]];
        arcCost = new double[arcStart[rows]];

        // Shortest paths on reduced costs need them non-negative at the start: costs are shifted by their minimum,
        // which changes every maximum placement's total by the same amount (each placed row uses one arc and one place).
        var minArc = 0.0;
        var minPlace = 0.0;
        foreach (var list in arcs)
        {
            foreach (var (_, cost) in list)
            {
                minArc = Math.Min(minArc, Check(cost));
            }
        }

        foreach (var places in placeCosts)
        {
            for (var k = 0; k < places.Length; k++)
            {
                minPlace = Math.Min(minPlace, Check(places[k]));
                if (k > 0 && places[k] < places[k - 1])
                {
                    throw new ArgumentException("A column's place costs must not fall from one place to the next.", nameof(placeCosts));
                }
            }
        }

        for (var r = 0; r < rows; r++)
        {
            var i = arcStart[r];
            foreach (var (column, cost) in arcs[r])
            {
                if ((uint)column >= (uint)columns)
                {
                    throw new ArgumentOutOfRangeException(nameof(arcs), $"Row {r} names column {column} of {columns}.");
                }

                arcColumn[i] = column;
                arcCost[i++] = cost - minArc;
            }
        }

        capacity = placeCosts.Select(p => p.Length).ToArray();
        placeCost = placeCosts.Select(p => p.Select(c => c - minPlace).ToArray()).ToArray();
    }

    private static double Check(double cost) =>
        double.IsFinite(cost) ? cost : throw new ArgumentException("Costs must be finite; leave a forbidden pair out instead.");

    /// <summary>Per row, the column it is placed on, or -1.</summary>
    public int[] Solve()
    {
        var search = new Search(this);
        return search.Run();
    }

    /// <summary>
    /// Successive shortest paths, one source at a time (the Hungarian method on the flow network source → rows →
    /// columns → sink, a row one unit, a column its places). It searches from the side with fewer units, so that each
    /// search stops within a few steps at one of the many free units of the other side: from the waiting rows when
    /// orders are fewer than places, from the free places (backwards) when orders outnumber them, as on a busy
    /// morning. Every unit of the searched side that can be placed is, so the placement is maximal; its cost is the
    /// least for the units it places. When some of them cannot all be placed, the ones left are those searched last:
    /// the newest orders, or the dearest places (the most loaded).
    /// </summary>
    private sealed class Search
    {
        private readonly PlacementSolver p;
        private readonly int rows;
        private readonly int columns;
        private readonly bool fromColumns;
        private readonly double[] potential;
        private readonly double[] distance;
        private readonly int[] seen; // the search that last reached the node (a stamp), so nothing is cleared per search
        private readonly int[] settled;
        private readonly int[] previous;
        private readonly int[] previousArc;
        private readonly int[] placedOn;
        private readonly int[] placedArc;
        private readonly List<int>[] placed;
        private readonly int[] used;
        private readonly int[] columnArcStart; // the arcs by column (for searches from the columns)
        private readonly int[] columnArc;
        private readonly PriorityQueue<int, double> heap = new();
        private readonly List<int> reached = [];
        private int stamp;

        public Search(PlacementSolver solver)
        {
            p = solver;
            rows = solver.rows;
            columns = solver.columns;
            var nodes = rows + columns;
            potential = new double[nodes];
            distance = new double[nodes];
            seen = new int[nodes];
            settled = new int[nodes];
            previous = new int[nodes];
            previousArc = new int[nodes];
            placedOn = new int[rows];
            placedArc = new int[rows];
            Array.Fill(placedOn, -1);
            placed = new List<int>[columns];
            for (var c = 0; c < columns; c++)
            {
                placed[c] = [];
            }

            used = new int[columns];
            var rowsWithArcs = Enumerable.Range(0, rows).Count(r => solver.arcStart[r + 1] > solver.arcStart[r]);
            fromColumns = solver.capacity.Sum() < rowsWithArcs;
            columnArcStart = new int[columns + 1];
            columnArc = new int[solver.arcColumn.Length];
            if (fromColumns)
            {
                foreach (var column in solver.arcColumn)
                {
                    columnArcStart[column + 1]++;
                }

                for (var c = 0; c < columns; c++)
                {
                    columnArcStart[c + 1] += columnArcStart[c];
                }

                var fill = columnArcStart[..columns];
                for (var a = 0; a < solver.arcColumn.Length; a++)
                {
                    columnArc[fill[solver.arcColumn[a]]++] = a;
                }
            }
        }

        public int[] Run()
        {
            // Each free unit of the searched side is a source once, in turn: rows in the order given (the queue's: urgency,
            // then age), places cheapest first across the columns (every column's first place, then every second …).
            // A source with no path now never gets one later (placing more never opens a path to it), so one search each
            // is all the maximum placement needs.
            if (fromColumns)
            {
                var maxPlaces = p.capacity.DefaultIfEmpty(0).Max();
                for (var k = 0; k < maxPlaces; k++)
                {
                    for (var c = 0; c < columns; c++)
                    {
                        if (k < p.capacity[c] && columnArcStart[c + 1] > columnArcStart[c])
                        {
                            SearchFrom(rows + c);
                        }
                    }
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    if (p.arcStart[r + 1] > p.arcStart[r])
                    {
                        SearchFrom(r);
                    }
                }
            }

            return placedOn;
        }

        /// <summary>The shortest path (reduced costs) from one source to a free unit of the other side, and the placement
        /// moved along it; nothing when there is none. Only the source's own first steps may cost less than nothing on
        /// reduced costs (its potential was never set), which Dijkstra allows for the node it starts from.</summary>
        private void SearchFrom(int source)
        {
            stamp++;
            heap.Clear();
            reached.Clear();
            var endDistance = double.PositiveInfinity;
            var end = -1;
            seen[source] = stamp;
            distance[source] = 0;
            previous[source] = -1;
            heap.Enqueue(source, 0);
            while (heap.TryDequeue(out var node, out var nodeDistance))
            {
                if (settled[node] == stamp || nodeDistance > distance[node])
                {
                    continue;
                }

                if (nodeDistance >= endDistance)
                {
                    break;
                }

                settled[node] = stamp;
                reached.Add(node);
                Expand(node, nodeDistance, ref endDistance, ref end, backwards: fromColumns);
            }

            if (end < 0)
            {
                return;
            }

            // Potentials: every node reached moves by its distance less the end's (the others by nothing), which keeps
            // every residual arc's reduced cost non-negative.
            foreach (var node in reached)
            {
                potential[node] += distance[node] - endDistance;
            }

            if (fromColumns)
            {
                AugmentBackwards(end);
            }
            else
            {
                Augment(end);
            }
        }

        private void Expand(int node, double at, ref double endDistance, ref int end, bool backwards)
        {
            if (!backwards)
            {
                if (node < rows)
                {
                    // A row: to every column it may go to, but the one it is placed on.
                    for (var a = p.arcStart[node]; a < p.arcStart[node + 1]; a++)
                    {
                        if (placedOn[node] != p.arcColumn[a])
                        {
                            var column = rows + p.arcColumn[a];
                            Relax(column, at + p.arcCost[a] + potential[node] - potential[column], node, a);
                        }
                    }
                }
                else
                {
                    // A column: the end, through its next free place; or back along a placed row's arc.
                    var c = node - rows;
                    // (The sink's potential stays 0: it ends every search, so it moves by its own distance less itself.)
                    if (used[c] < p.capacity[c] && at + p.placeCost[c][used[c]] + potential[node] < endDistance)
                    {
                        (endDistance, end) = (at + p.placeCost[c][used[c]] + potential[node], c);
                    }

                    foreach (var row in placed[c])
                    {
                        Relax(row, at - p.arcCost[placedArc[row]] + potential[node] - potential[row], c, -1);
                    }
                }

                return;
            }

            if (node >= rows)
            {
                // A column (reached from the source, or by a row moving off it): to every row that may come to it.
                var c = node - rows;
                for (var i = columnArcStart[c]; i < columnArcStart[c + 1]; i++)
                {
                    var a = columnArc[i];
                    var row = RowOfArcCached(a);
                    if (placedOn[row] != c)
                    {
                        Relax(row, at + p.arcCost[a] + potential[node] - potential[row], c, a);
                    }
                }
            }
            else if (placedOn[node] < 0)
            {
                // A waiting row: the end (the sink's potential stays 0, as above).
                if (at + potential[node] < endDistance)
                {
                    (endDistance, end) = (at + potential[node], node);
                }
            }
            else
            {
                // A placed row: it may leave its column for the one that reached it, freeing its place there.
                var column = rows + placedOn[node];
                Relax(column, at - p.arcCost[placedArc[node]] + potential[node] - potential[column], node, -1);
            }
        }

        private int[]? rowOfArc;

        private int RowOfArcCached(int arc)
        {
            if (rowOfArc is null)
            {
                rowOfArc = new int[p.arcColumn.Length];
                for (var r = 0; r < rows; r++)
                {
                    for (var a = p.arcStart[r]; a < p.arcStart[r + 1]; a++)
                    {
                        rowOfArc[a] = r;
                    }
                }
            }

            return rowOfArc[arc];
        }

        private void Relax(int node, double through, int from, int arc)
        {
            if (settled[node] == stamp || (seen[node] == stamp && distance[node] <= through))
            {
                return;
            }

            seen[node] = stamp;
            distance[node] = through;
            previous[node] = from;
            previousArc[node] = arc;
            heap.Enqueue(node, through);
        }

        // Searched from the rows: back from the column whose free place ended the path, each row moves to the column
        // after it, and the first row, a waiting one, is placed.
        private void Augment(int column)
        {
            used[column]++;
            while (true)
            {
                var row = previous[rows + column];
                var from = placedOn[row];
                Place(row, column, previousArc[rows + column]);
                if (from < 0)
                {
                    return;
                }

                column = from;
            }
        }

        // Searched from the columns: back from the waiting row that ended the path, each row moves to the column that
        // reached it, and the first column, a source, takes one more place.
        private void AugmentBackwards(int row)
        {
            while (true)
            {
                var column = previous[row];
                Place(row, column, previousArc[row]);
                var through = previous[rows + column]; // the row that moved off this column to reach it, or -1
                if (through < 0)
                {
                    used[column]++;
                    return;
                }

                row = through;
            }
        }

        private void Place(int row, int column, int arc)
        {
            if (placedOn[row] >= 0)
            {
                placed[placedOn[row]].Remove(row);
            }

            placedOn[row] = column;
            placedArc[row] = arc;
            placed[column].Add(row);
        }
    }
}
