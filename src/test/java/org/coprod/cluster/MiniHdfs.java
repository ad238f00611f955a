package org.coprod.cluster;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in this JVM: Hadoop's {@link MiniDFSCluster} (one NameNode, one DataNode) on
 * 127.0.0.1 with free ports and its storage under a temporary folder. Spark's driver and
 * executors, in other JVMs, reach it at {@link #uri()} like any HDFS.
 */
final class MiniHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;
  private final Configuration configuration;

  private MiniHdfs(MiniDFSCluster cluster, Configuration configuration) {
    this.cluster = cluster;
    this.configuration = configuration;
  }

  static MiniHdfs start(Path storage) throws IOException {
    Configuration configuration = new Configuration();
    configuration.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, storage.toAbsolutePath().toString());
    configuration.setInt("dfs.replication", 1);
    // Loopback only: every server socket of the NameNode and the DataNode on 127.0.0.1.
    configuration.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    configuration.set("dfs.namenode.http-address", "127.0.0.1:0");
    configuration.set("dfs.datanode.address", "127.0.0.1:0");
    configuration.set("dfs.datanode.http.address", "127.0.0.1:0");
    configuration.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    configuration.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster =
        new MiniDFSCluster.Builder(configuration).numDataNodes(1).manageNameDfsDirs(true).manageDataDfsDirs(true)
            .format(true).checkDataNodeAddrConfig(true).build();
    try {
      cluster.waitActive();
      return new MiniHdfs(cluster, configuration);
    } catch (IOException | RuntimeException e) {
      cluster.shutdown(true);
      throw e;
    }
  }

  /** {@code hdfs://127.0.0.1:<port>}, the NameNode's address as clients use it. */
  String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  FileSystem fileSystem() throws IOException {
    return FileSystem.get(java.net.URI.create(uri()), configuration);
  }

  /** Copies a local file or folder to {@code hdfsPath} (absolute, e.g. {@code /in/data.csv}); returns its full URI. */
  String upload(Path local, String hdfsPath) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri() + hdfsPath);
    fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), target);
    return target.toString();
  }

  /** Copies an HDFS folder to a local folder, keeping the layout. */
  void download(String hdfsUri, Path local) throws IOException {
    fileSystem().copyToLocalFile(false, new org.apache.hadoop.fs.Path(hdfsUri), new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), true);
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
