namespace Hemingway.Engines.Simulation;

/// <summary>
/// How a simulated phase moves data: the driver's broadcast of B bytes to every worker and the sum of the workers'
/// messages of M bytes each. Each value names one formula in <see cref="ClusterClock.CommunicationSeconds"/>; with
/// latency L and bandwidth β, and ⌈log2 m⌉ the depth of a binary tree over m machines:
/// <list type="bullet">
/// <item><see cref="Tree"/>: ⌈log2 m⌉·(L + M/β) + ⌈log2 m⌉·(L + B/β).</item>
/// <item><see cref="Ring"/>: (m − 1)·(L + M/(m·β)) + (m − 1)·(L + B/(m·β)).</item>
/// <item><see cref="Driver"/>: (L + m·M/β) + (L + m·B/β).</item>
/// </list>
/// One machine (m = 1) never communicates, whatever the topology.
/// </summary>
public enum AllreduceTopology
{
    /// <summary>
    /// A binary tree: messages are summed pairwise up ⌈log2 m⌉ levels, each level one latency plus one message
    /// transfer (the level's transfers run in parallel on different links); the broadcast goes back down the same
    /// levels. With B = M this is the classic 2·⌈log2 m⌉·(L + M/β) of a reduce followed by a broadcast, the cost of
    /// MPI's binomial-tree and recursive-doubling algorithms on the small vectors of linear models.
    /// </summary>
    Tree,

    /// <summary>
    /// A bandwidth-optimal ring: a reduce-scatter of the message, m − 1 steps each moving an M/m slice, then an
    /// allgather of the broadcast, m − 1 steps each moving a B/m slice (every machine holds and updates 1/m of the
    /// state). With B = M this is exactly the ring allreduce 2·(m − 1)·(L + M/(m·β)). Its cost grows linearly in
    /// latency with m, so it suits large vectors on few machines.
    /// </summary>
    Ring,

    /// <summary>
    /// Star through the driver, Spark's plain <c>RDD.reduce</c> without treeAggregate: every worker sends its
    /// message to the driver and the driver sends the broadcast to every worker, all through the driver's one link,
    /// so both directions serialise: (L + m·M/β) + (L + m·B/β).
    /// </summary>
    Driver,
}
