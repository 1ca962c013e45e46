<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>LeaseText</name>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>reservation</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>expiry unknown</source>
        <translation>到期时间未知</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation>%1后过期</translation>
    </message>
    <message>
        <source>IPv6: %1</source>
        <translation>IPv6：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none (reservation)</source>
        <translation>无（预留）</translation>
    </message>
    <message>
        <source>direct (vxlan DirectRouting)</source>
        <translation>直接路由（vxlan DirectRouting）</translation>
    </message>
    <message>
        <source>vxlan VNI %1</source>
        <translation>vxlan VNI %1</translation>
    </message>
    <message>
        <source>direct (ipip DirectRouting)</source>
        <translation>直接路由（ipip DirectRouting）</translation>
    </message>
</context>
<context>
    <name>NodeCard</name>
    <message>
        <source>agent: no report</source>
        <translation>代理：未上报</translation>
    </message>
</context>
<context>
    <name>SceneExporter</name>
    <message>
        <source>export PNG to %1</source>
        <translation>导出 PNG 到 %1</translation>
    </message>
    <message>
        <source>%1: the topology is empty</source>
        <translation>%1：拓扑为空</translation>
    </message>
    <message>
        <source>export SVG to %1</source>
        <translation>导出 SVG 到 %1</translation>
    </message>
</context>
<context>
    <name>SegmentGroupItem</name>
    <message>
        <source>no public address</source>
        <translation>无公网地址</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n node(s)</source>
        <translation>
            <numerusform>%1 · %n 个节点</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TunnelEdge</name>
    <message numerus="yes">
        <source>%1 · %n tunnel(s)</source>
        <translation>
            <numerusform>%1 · %n 条隧道</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Connect to the cluster at URL: etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcds:// for TLS; the prefix defaults to /coreos.com/network).</source>
        <translation>连接到 URL 所指的集群：etcd://HOST:PORT[,HOST:PORT...][/PREFIX]（TLS 使用 etcds://；前缀默认为 /coreos.com/network）。</translation>
    </message>
    <message>
        <source>CA certificate for etcds:// endpoints.</source>
        <translation>etcds:// 端点使用的 CA 证书。</translation>
    </message>
    <message>
        <source>Client certificate for etcds:// endpoints.</source>
        <translation>etcds:// 端点使用的客户端证书。</translation>
    </message>
    <message>
        <source>Client key for etcds:// endpoints.</source>
        <translation>etcds:// 端点使用的客户端密钥。</translation>
    </message>
    <message>
        <source>Render the main window into FILE (PNG) once the store is loaded, then exit.</source>
        <translation>存储加载完成后，将主窗口渲染到 FILE（PNG），然后退出。</translation>
    </message>
    <message>
        <source>Seconds to wait for the store before a screenshot fails (default 30).</source>
        <translation>等待存储加载的秒数，超时则截图失败（默认 30）。</translation>
    </message>
    <message>
        <source>User interface language (en, zh_CN); default: the saved choice or the system&apos;s.</source>
        <translation>界面语言（en、zh_CN）；默认：已保存的选择，否则跟随系统。</translation>
    </message>
    <message>
        <source>Open the packet path view and trace from SRC to DST once connected (two addresses: --trace SRC DST).</source>
        <translation>连接后打开数据包路径视图，并从 SRC 追踪到 DST（两个地址：--trace SRC DST）。</translation>
    </message>
    <message>
        <source>With --trace: the destination address.</source>
        <translation>与 --trace 一起使用：目的地址。</translation>
    </message>
    <message>
        <source>Connect to the Kubernetes cluster of this kubeconfig file (its current context unless --context is given).</source>
        <translation>连接到此 kubeconfig 文件所指的 Kubernetes 集群（除非指定 --context，否则使用其当前上下文）。</translation>
    </message>
    <message>
        <source>With --kubeconfig: the context to use.</source>
        <translation>与 --kubeconfig 一起使用：要使用的上下文。</translation>
    </message>
    <message>
        <source>Tartan: a live view of a flannel-compatible overlay network, from etcd or the Kubernetes API.</source>
        <translation>Tartan：来自 etcd 或 Kubernetes API 的 flannel 兼容 Overlay 网络实时视图。</translation>
    </message>
</context>
<context>
    <name>tartan::ClusterState</name>
    <message numerus="yes">
        <source>%n lease(s)</source>
        <translation>
            <numerusform>%n 个租约</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentReports</name>
    <message>
        <source>its agent serves no report endpoint</source>
        <translation>其代理未提供报告端点</translation>
    </message>
    <message>
        <source>no agent summary in the store</source>
        <translation>存储中没有代理摘要</translation>
    </message>
    <message>
        <source>%1 answered with the report of lease %2</source>
        <translation>%1 返回的是租约 %2 的报告</translation>
    </message>
    <message>
        <source>direct access to agents is off and no SSH connection of this app reaches %1 (View &gt; Reach Agents Directly, or deploy it from the app)</source>
        <translation>已关闭直接访问代理，且本应用没有可到达 %1 的 SSH 连接（视图 &gt; 直接访问代理，或从本应用部署）</translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentTunnel</name>
    <message>
        <source>cannot listen on 127.0.0.1 for the tunnel to %1: %2</source>
        <translation>无法在 127.0.0.1 上为通往 %1 的隧道监听：%2</translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentsPanel</name>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>上次操作</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>检查(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Upgrade…</source>
        <translation>升级(&amp;U)…</translation>
    </message>
    <message>
        <source>Re&amp;start</source>
        <translation>重启(&amp;S)</translation>
    </message>
    <message>
        <source>U&amp;ninstall…</source>
        <translation>卸载(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>忘记(&amp;F)</translation>
    </message>
    <message>
        <source>check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Uninstall agents</source>
        <translation>卸载代理</translation>
    </message>
    <message>
        <source>Stop and remove the Tartan agent, its links, routes and files on %1?
Pods on these hosts lose their network.</source>
        <translation>停止并删除 %1 上的 Tartan 代理及其链路、路由和文件？
这些主机上的 Pod 将失去网络。</translation>
    </message>
    <message>
        <source>uninstall</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>store</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>unknown (no summary in the store; press Check)</source>
        <translation>未知（存储中没有摘要；请按“检查”）</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1，于 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n host(s)…</source>
        <translation>
            <numerusform>%1：%n 台主机…</numerusform>
        </translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1：完成</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ChartsPanel</name>
    <message>
        <source>Subnet pool</source>
        <translation>子网池</translation>
    </message>
    <message>
        <source>Lease events</source>
        <translation>租约事件</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Subnets in the pool</source>
        <translation>子网池使用情况</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Lease events per %1 s, last %2 minutes</source>
        <translation>每 %1 秒的租约事件（最近 %2 分钟）</translation>
    </message>
    <message>
        <source>added</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Per-node table sizes and traffic need agent reports.
They appear here once the nodes&apos; agents report their routes, neighbours, FDB entries and traffic.</source>
        <translation>各节点的表项规模和流量需要代理上报。
节点代理上报路由、邻居、FDB 表项和流量后，将显示在这里。</translation>
    </message>
    <message>
        <source>Kernel table entries per node</source>
        <translation>各节点内核表项数</translation>
    </message>
    <message>
        <source>routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>neighbours</source>
        <translation>邻居</translation>
    </message>
    <message>
        <source>FDB</source>
        <translation>FDB</translation>
    </message>
    <message>
        <source>Overlay traffic per node (MiB)</source>
        <translation>各节点 Overlay 流量（MiB）</translation>
    </message>
    <message>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>表项</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>%1: %2 of %3 subnets used</source>
        <translation>%1：已用 %2 / %3 个子网</translation>
    </message>
    <message numerus="yes">
        <source> (+%n outside the pool)</source>
        <translation>
            <numerusform>（另有 %n 个在池外）</numerusform>
        </translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>Subnets in the pool: no valid network config</source>
        <translation>子网池使用情况：没有有效的网络配置</translation>
    </message>
    <message>
        <source> (the %1 largest of %2 nodes)</source>
        <translation>（%2 个节点中最大的 %1 个）</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConfigEditorDialog</name>
    <message>
        <source>Format</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>Review changes…</source>
        <translation>查看更改…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Edit network config</source>
        <translation>编辑网络配置</translation>
    </message>
    <message>
        <source>Indent the JSON, one member per line</source>
        <translation>缩进 JSON，每行一个成员</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>These changes will be written to the store:</source>
        <translation>以下更改将写入存储：</translation>
    </message>
    <message>
        <source>valid (no changes)</source>
        <translation>有效（无更改）</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Lines removed: %1, added: %2</source>
        <translation>删除 %1 行，添加 %2 行</translation>
    </message>
    <message>
        <source>The config in the store changed while you were editing. Changes are now shown against, and will replace, the new value.</source>
        <translation>编辑期间存储中的配置已被修改。现在显示的是相对于新值的更改，保存时将替换该新值。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConfigPanel</name>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>VNI %1</source>
        <translation>VNI %1</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>端口 %1</translation>
    </message>
    <message>
        <source>port 8472 (kernel default)</source>
        <translation>端口 8472（内核默认）</translation>
    </message>
    <message>
        <source>GBP %1</source>
        <translation>GBP %1</translation>
    </message>
    <message>
        <source>learning %1</source>
        <translation>地址学习%1</translation>
    </message>
    <message>
        <source>direct routing %1</source>
        <translation>直接路由%1</translation>
    </message>
    <message>
        <source>MTU %1</source>
        <translation>MTU %1</translation>
    </message>
    <message>
        <source>MTU from the external interface</source>
        <translation>MTU 取自外部接口</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Edit the network config in the store</source>
        <translation>编辑存储中的网络配置</translation>
    </message>
    <message>
        <source>%1 network:</source>
        <translation>%1 网络：</translation>
    </message>
    <message>
        <source>%1 subnet length:</source>
        <translation>%1 子网前缀长度：</translation>
    </message>
    <message>
        <source>%1 subnets:</source>
        <translation>%1 子网范围：</translation>
    </message>
    <message>
        <source>%1 to %2 (%3 subnets)</source>
        <translation>%1 至 %2（共 %3 个子网）</translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>Backend options:</source>
        <translation>后端选项：</translation>
    </message>
    <message>
        <source>Masquerading:</source>
        <translation>IP 伪装：</translation>
    </message>
    <message>
        <source>nftables</source>
        <translation>nftables</translation>
    </message>
    <message>
        <source>There is no network config in the store.</source>
        <translation>存储中没有网络配置。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConnectDialog</name>
    <message>
        <source>http://127.0.0.1:2379, https://10.0.0.2:2379 or etcds://10.0.0.2:2379/prefix</source>
        <translation>http://127.0.0.1:2379, https://10.0.0.2:2379 或 etcds://10.0.0.2:2379/prefix</translation>
    </message>
    <message>
        <source>Comma-separated etcd endpoints as flanneld&apos;s --etcd-endpoints takes them (host:port means http://host:port), or a cluster address etcd://HOST:PORT,.../prefix (etcds:// for TLS).</source>
        <translation>以逗号分隔的 etcd 端点，格式与 flanneld 的 --etcd-endpoints 相同（host:port 表示 http://host:port）；也可以是集群地址 etcd://HOST:PORT,.../prefix（TLS 使用 etcds://）。</translation>
    </message>
    <message>
        <source>&amp;Endpoints:</source>
        <translation>端点(&amp;E)：</translation>
    </message>
    <message>
        <source>The etcd key prefix of the network, as flanneld&apos;s --etcd-prefix.</source>
        <translation>网络在 etcd 中的键前缀，与 flanneld 的 --etcd-prefix 相同。</translation>
    </message>
    <message>
        <source>Key &amp;prefix:</source>
        <translation>键前缀(&amp;P)：</translation>
    </message>
    <message>
        <source>TLS (for https:// endpoints)</source>
        <translation>TLS（用于 https:// 端点）</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cert *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.cert *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>CA 证书(&amp;C)：</translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation>系统的证书颁发机构</translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation>客户端证书(&amp;E)：</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>客户端密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Used for this connection only; never stored.</source>
        <translation>仅用于本次连接，不会保存。</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>No endpoints given: enter at least one, e.g. http://127.0.0.1:2379.</source>
        <translation>未指定端点：请至少输入一个，例如 http://127.0.0.1:2379。</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>已连接到 %1。</translation>
    </message>
    <message>
        <source>Network config at %1: %2, backend %3.</source>
        <translation>网络配置位于 %1：%2，后端 %3。</translation>
    </message>
    <message numerus="yes">
        <source>%n lease(s) in the store.</source>
        <translation>
            <numerusform>存储中有 %n 个租约。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not usable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>Connect to a Cluster</source>
        <translation>连接到集群</translation>
    </message>
    <message>
        <source>Kuber&amp;netes</source>
        <translation>Kuber&amp;netes</translation>
    </message>
    <message>
        <source>Listing the nodes …</source>
        <translation>正在列出节点…</translation>
    </message>
    <message>
        <source>etc&amp;d</source>
        <translation>etc&amp;d</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConnectionBadge</name>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployHostsPage</name>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>The machines to run the Tartan agent on, how to reach each over SSH, and what every agent gets.</source>
        <translation>要运行 Tartan 代理的机器、如何通过 SSH 连接每台机器，以及每个代理获得的设置。</translation>
    </message>
    <message>
        <source>&amp;Add Host</source>
        <translation>添加主机(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import Inventory…</source>
        <translation>导入清单(&amp;I)…</translation>
    </message>
    <message>
        <source>Import Inventory</source>
        <translation>导入清单</translation>
    </message>
    <message>
        <source>Inventory (*.txt *.inventory *.hosts);;All files (*)</source>
        <translation>清单 (*.txt *.inventory *.hosts);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the tartand package</source>
        <translation>选择 tartand 软件包</translation>
    </message>
    <message>
        <source>Debian packages (*.deb)</source>
        <translation>Debian 软件包 (*.deb)</translation>
    </message>
    <message>
        <source>Agent &amp;package:</source>
        <translation>代理软件包(&amp;P)：</translation>
    </message>
    <message>
        <source>As the hosts reach the store; filled in from the connected cluster.</source>
        <translation>按主机访问存储的地址填写；已从所连接的集群预填。</translation>
    </message>
    <message>
        <source>Store &amp;endpoints:</source>
        <translation>存储端点(&amp;E)：</translation>
    </message>
    <message>
        <source>the agent&apos;s default</source>
        <translation>代理的默认值</translation>
    </message>
    <message>
        <source>Store p&amp;refix:</source>
        <translation>存储前缀(&amp;R)：</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA 文件：</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>Certificate file:</source>
        <translation>证书文件：</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>密钥文件：</translation>
    </message>
    <message>
        <source>the default route&apos;s interface</source>
        <translation>默认路由的接口</translation>
    </message>
    <message>
        <source>&amp;Interface:</source>
        <translation>接口(&amp;I)：</translation>
    </message>
    <message>
        <source>Masquerade traffic leaving the pod network (--ip-masq)</source>
        <translation>对离开 Pod 网络的流量做地址伪装 (--ip-masq)</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>more agent flags, e.g. --v=2</source>
        <translation>更多代理参数，例如 --v=2</translation>
    </message>
    <message>
        <source>Agent &amp;flags:</source>
        <translation>代理参数(&amp;F)：</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the tartand package (.deb) to install.</source>
        <translation>请选择要安装的 tartand 软件包 (.deb)。</translation>
    </message>
    <message>
        <source>Give the store&apos;s endpoints as the hosts reach them.</source>
        <translation>请按主机访问存储的地址填写存储端点。</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployProgressPage</name>
    <message>
        <source>Deploying</source>
        <translation>正在部署</translation>
    </message>
    <message>
        <source>The package is uploaded and installed, the agent configured and started, and its readiness checked.</source>
        <translation>上传并安装软件包，配置并启动代理，然后检查其就绪状态。</translation>
    </message>
    <message numerus="yes">
        <source>Deploying to %n host(s)…</source>
        <translation>
            <numerusform>正在部署到 %n 台主机…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%p%)</source>
        <translation>%1 (%p%)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) failed: see the summary.</source>
        <translation>
            <numerusform>%n 台主机失败：请查看摘要。</numerusform>
        </translation>
    </message>
    <message>
        <source>Done: press Next for the summary.</source>
        <translation>完成：按“下一步”查看摘要。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeploySummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Agents that started appear on the topology as their leases arrive.</source>
        <translation>已启动的代理会在其租约到达后出现在拓扑中。</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>upgraded</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未更改</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployTestPage</name>
    <message>
        <source>Connection test</source>
        <translation>连接测试</translation>
    </message>
    <message>
        <source>Each host is reached over SSH and checked for systemd and dpkg. Nothing is changed.</source>
        <translation>通过 SSH 连接每台主机并检查 systemd 和 dpkg，不做任何更改。</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>&amp;Test Again</source>
        <translation>重新测试(&amp;T)</translation>
    </message>
    <message>
        <source>testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>可到达</translation>
    </message>
    <message>
        <source>HOST KEY CHANGED</source>
        <translation>主机密钥已更改</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Every host is reachable: press Next to deploy.</source>
        <translation>所有主机均可到达：按“下一步”开始部署。</translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) failed the test: fix them on the first page, or test again.</source>
        <translation>
            <numerusform>%n 台主机未通过测试：请在第一页修正，或重新测试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployWizard</name>
    <message>
        <source>Deploy Agents</source>
        <translation>部署代理</translation>
    </message>
    <message>
        <source>Hosts are still being worked on. Close anyway? The hosts finish their current step first.</source>
        <translation>仍在处理主机。仍要关闭吗？主机会先完成当前步骤。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DriftListModel</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n drifting entry(ies) according to the store</source>
        <translation>
            <numerusform>据存储有 %n 个漂移条目</numerusform>
        </translation>
    </message>
    <message>
        <source>report not fetched yet</source>
        <translation>尚未获取报告</translation>
    </message>
    <message>
        <source>no report: %1</source>
        <translation>无报告：%1</translation>
    </message>
    <message>
        <source>is %1</source>
        <translation>实为 %1</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
</context>
<context>
    <name>tartan::gui::DriftPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <source>No drift: %n node(s) hold what the leases say.</source>
        <translation>
            <numerusform>无漂移：%n 个节点与租约所述一致。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of drift; %1 node(s) clean.</source>
        <translation>
            <numerusform>%n 行漂移；%1 个节点无漂移。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>listed</source>
        <translation>列出</translation>
    </message>
    <message>
        <source>added</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
</context>
<context>
    <name>tartan::gui::EventLogPanel</name>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>筛选事件</translation>
    </message>
</context>
<context>
    <name>tartan::gui::HostPrompts</name>
    <message>
        <source>Unknown host key</source>
        <translation>未知的主机密钥</translation>
    </message>
    <message>
        <source>Accept and Remember</source>
        <translation>接受并记住</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>SSH password</source>
        <translation>SSH 密码</translation>
    </message>
    <message>
        <source>Password for %1 (used for this connection only, never stored):</source>
        <translation>%1 的密码（仅用于本次连接，不会保存）：</translation>
    </message>
    <message>
        <source>Host key changed</source>
        <translation>主机密钥已更改</translation>
    </message>
    <message>
        <source>The authenticity of host %1 cannot be established: its key is not in known_hosts.

Key fingerprint: %2

Compare it with the host&apos;s own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host). Accepting records the key in known_hosts.</source>
        <translation>无法确认主机 %1 的真实性：其密钥不在 known_hosts 中。

密钥指纹：%2

请与主机自身的指纹比对（在该主机上运行 ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub）。接受后该密钥会记录到 known_hosts。</translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed since it was recorded in known_hosts. Someone may be intercepting the connection, or the host was reinstalled. Nothing was done on this host. If the change is expected, remove the old key (ssh-keygen -R %1) and test again.

%2</source>
        <translation>警告：%1 的主机密钥与 known_hosts 中记录的不同。可能有人正在拦截连接，或该主机已重装。未对此主机做任何操作。如果此更改在预期之内，请删除旧密钥（ssh-keygen -R %1）后重新测试。

%2</translation>
    </message>
</context>
<context>
    <name>tartan::gui::HostTableModel</name>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation>ssh-agent</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Add at least one host.</source>
        <translation>请至少添加一台主机。</translation>
    </message>
    <message>
        <source>Row %1 has no host.</source>
        <translation>第 %1 行没有主机。</translation>
    </message>
    <message>
        <source>%1 is listed twice.</source>
        <translation>%1 重复列出。</translation>
    </message>
    <message>
        <source>%1: choose a key file, ssh-agent or password.</source>
        <translation>%1：请选择密钥文件、ssh-agent 或密码。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::KubeConnectPage</name>
    <message>
        <source>The kubeconfig file to connect with, as kubectl reads it ($KUBECONFIG or ~/.kube/config by default).</source>
        <translation>用于连接的 kubeconfig 文件，读取方式与 kubectl 相同（默认为 $KUBECONFIG 或 ~/.kube/config）。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose a kubeconfig</source>
        <translation>选择 kubeconfig</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Kubeconfig:</source>
        <translation>Kubeconfig(&amp;K)：</translation>
    </message>
    <message>
        <source>The context of the kubeconfig to use: its cluster (API server) and user.</source>
        <translation>要使用的 kubeconfig 上下文：其集群（API 服务器）和用户。</translation>
    </message>
    <message>
        <source>NAMESPACE/NAME[:KEY] of the ConfigMap with the network config (key net-conf.json by default), as flannel&apos;s manifests install it.</source>
        <translation>存放网络配置的 ConfigMap，格式为 NAMESPACE/NAME[:KEY]（键默认为 net-conf.json），与 flannel 清单的安装方式相同。</translation>
    </message>
    <message>
        <source>Config&amp;Map:</source>
        <translation>ConfigMap(&amp;M)：</translation>
    </message>
    <message>
        <source>The port the agents serve their reports on (tartand --report-port); the app asks each node&apos;s agent at its public IP on this port.</source>
        <translation>代理提供报告的端口（tartand --report-port）；应用会通过各节点的公网 IP 和此端口询问其代理。</translation>
    </message>
    <message>
        <source>Agent report &amp;port:</source>
        <translation>代理报告端口(&amp;P)：</translation>
    </message>
    <message>
        <source>kubeconfig &apos;%1&apos; has no contexts</source>
        <translation>kubeconfig“%1”中没有上下文</translation>
    </message>
    <message>
        <source>No kubeconfig given: choose the file kubectl uses for the cluster.</source>
        <translation>未指定 kubeconfig：请选择 kubectl 连接该集群所用的文件。</translation>
    </message>
    <message>
        <source>No context chosen.</source>
        <translation>未选择上下文。</translation>
    </message>
    <message>
        <source>Connected to %1 (context %2).</source>
        <translation>已连接到 %1（上下文 %2）。</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s), </source>
        <translation>
            <numerusform>%n 个节点，</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a flannel lease.</source>
        <translation>
            <numerusform>其中 %n 个持有 flannel 租约。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) with lease annotations that do not decode.</source>
        <translation>
            <numerusform>%n 个节点的租约注解无法解码。</numerusform>
        </translation>
    </message>
    <message>
        <source>Network config in ConfigMap %1: %2, backend %3.</source>
        <translation>ConfigMap %1 中的网络配置：%2，后端 %3。</translation>
    </message>
    <message>
        <source>Network config: %1</source>
        <translation>网络配置：%1</translation>
    </message>
    <message>
        <source>C&amp;ontext:</source>
        <translation>上下文(&amp;O)：</translation>
    </message>
</context>
<context>
    <name>tartan::gui::LeaseTableModel</name>
    <message>
        <source>etcd lease %1 (decimal %2)</source>
        <translation>etcd 租约 %1（十进制 %2）</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>Public IP</source>
        <translation>公网 IP</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>VTEP MAC</source>
        <translation>VTEP MAC</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>etcd lease</source>
        <translation>etcd 租约</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本号</translation>
    </message>
    <message>
        <source>reservation</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>no report</source>
        <translation>无报告</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
</context>
<context>
    <name>tartan::gui::LeaseTablePanel</name>
    <message>
        <source>Filter: subnet, CIDR, address, backend or MAC</source>
        <translation>筛选：子网、CIDR、地址、后端或 MAC</translation>
    </message>
</context>
<context>
    <name>tartan::gui::MainWindow</name>
    <message>
        <source>Tartan</source>
        <translation>Tartan</translation>
    </message>
    <message>
        <source>not connected to a cluster</source>
        <translation>未连接到集群</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Network config</source>
        <translation>网络配置</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Find a node: IP, subnet, name or backend</source>
        <translation>查找节点：IP、子网、名称或后端</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) match</source>
        <translation>
            <numerusform>%n 个节点匹配</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Export Topology as &amp;PNG…</source>
        <translation>将拓扑导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export Topology as &amp;SVG…</source>
        <translation>将拓扑导出为 SVG(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Export Cluster State as &amp;JSON…</source>
        <translation>将集群状态导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation>Ctrl+Shift+J</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find Node</source>
        <translation>查找节点(&amp;F)</translation>
    </message>
    <message>
        <source>C&amp;lear Search</source>
        <translation>清除搜索(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Edit Network &amp;Config…</source>
        <translation>编辑网络配置(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+=</source>
        <translation>Ctrl+=</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Tartan.</source>
        <translation>新语言将在下次启动 Tartan 时生效。</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation>Ctrl+/</translation>
    </message>
    <message>
        <source>&amp;About Tartan</source>
        <translation>关于 Tartan(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>%1 — Tartan</source>
        <translation>%1 — Tartan</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export Topology</source>
        <translation>导出拓扑</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Export Cluster State</source>
        <translation>导出集群状态</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>About Tartan</source>
        <translation>关于 Tartan</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tartan %1&lt;/h3&gt;&lt;p&gt;A flannel-compatible overlay network for container clusters, with a desktop control room: every node, subnet and tunnel of the fabric, live from the store.&lt;/p&gt;&lt;p&gt;Works with clusters run by tartand or by upstream flanneld (etcd v3).&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tartan %1&lt;/h3&gt;&lt;p&gt;面向容器集群、兼容 flannel 的 Overlay 网络，并配有桌面监控台：直接从存储实时呈现网络中的每个节点、子网和隧道。&lt;/p&gt;&lt;p&gt;适用于由 tartand 或上游 flanneld 运行的集群（etcd v3）。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建，运行于 Qt %3。&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n rejected value(s)</source>
        <translation>
            <numerusform>，%n 个被拒绝的值</numerusform>
        </translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Packet path</source>
        <translation>数据包路径</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>Trace &amp;from Here (%1)</source>
        <translation>从此处追踪(&amp;F)（%1）</translation>
    </message>
    <message>
        <source>Trace &amp;to Here (%1)</source>
        <translation>追踪到此处(&amp;T)（%1）</translation>
    </message>
    <message>
        <source>Show &amp;Kernel Tables</source>
        <translation>显示内核表(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Topology</source>
        <translation>拓扑(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>&amp;Packet Path</source>
        <translation>数据包路径(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>&amp;Deploy Agents…</source>
        <translation>部署代理(&amp;D)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Reach Agents &amp;Directly</source>
        <translation>直接访问代理(&amp;D)</translation>
    </message>
    <message>
        <source>Fetch agents&apos; full reports at the endpoints they publish; without it only agents reached through SSH or a local lab are asked.</source>
        <translation>从代理发布的端点获取其完整报告；关闭后只询问通过 SSH 或本地实验环境可到达的代理。</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;Connect to a Cluster…</source>
        <translation>连接到集群(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeDetailPanel</name>
    <message>
        <source>Subnet:</source>
        <translation>子网：</translation>
    </message>
    <message>
        <source>Public IP:</source>
        <translation>公网 IP：</translation>
    </message>
    <message>
        <source>Public IPv6:</source>
        <translation>公网 IPv6：</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>VTEP MAC:</source>
        <translation>VTEP MAC：</translation>
    </message>
    <message>
        <source>Backend data:</source>
        <translation>后端数据：</translation>
    </message>
    <message>
        <source>etcd lease:</source>
        <translation>etcd 租约：</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>到期：</translation>
    </message>
    <message>
        <source>Mod revision:</source>
        <translation>修改版本号：</translation>
    </message>
    <message>
        <source>No node selected.</source>
        <translation>未选择节点。</translation>
    </message>
    <message>
        <source>Lease of %1</source>
        <translation>%1 的租约</translation>
    </message>
    <message>
        <source>The lease of %1 is no longer in the store; these were its last values.</source>
        <translation>%1 的租约已不在存储中；以下是它最后的值。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Kernel tables</source>
        <translation>内核表</translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Should be / why</source>
        <translation>应为 / 原因</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>in sync</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>过时</translation>
    </message>
    <message>
        <source>extra</source>
        <translation>多余</translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeTablesPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;pair</source>
        <translation>修复(&amp;P)</translation>
    </message>
    <message>
        <source>Ask the node&apos;s agent to reconcile its kernel tables now</source>
        <translation>让该节点的代理立即校正其内核表</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>ARP</source>
        <translation>ARP</translation>
    </message>
    <message>
        <source>FDB</source>
        <translation>FDB</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>Asking the agent to repair…</source>
        <translation>正在请求代理修复…</translation>
    </message>
    <message>
        <source>Repair failed: %1</source>
        <translation>修复失败：%1</translation>
    </message>
    <message>
        <source>No report: this node&apos;s agent publishes no summary in the store (not a Tartan agent, or not running). %1</source>
        <translation>无报告：该节点的代理未在存储中发布摘要（不是 Tartan 代理，或未在运行）。%1</translation>
    </message>
    <message numerus="yes">
        <source>The agent at %1 cannot be reached: %2. From the store: health %3, %n drifting entry(ies), last check %4.</source>
        <translation>
            <numerusform>无法连接 %1 处的代理：%2。存储中的信息：健康状态 %3，%n 个漂移条目，上次检查 %4。</numerusform>
        </translation>
    </message>
    <message>
        <source>No node selected</source>
        <translation>未选择节点</translation>
    </message>
    <message>
        <source>Fetching the report from %1…</source>
        <translation>正在从 %1 获取报告…</translation>
    </message>
    <message>
        <source>Report of %1; drift unknown: %2</source>
        <translation>%1 的报告；漂移未知：%2</translation>
    </message>
    <message>
        <source>Report of %1: the kernel holds what the leases say.</source>
        <translation>%1 的报告：内核与租约所述一致。</translation>
    </message>
    <message>
        <source>The agent at %1 cannot be reached: %2. Shown: its last report, from %3.</source>
        <translation>无法连接 %1 处的代理：%2。显示的是其 %3 的上一份报告。</translation>
    </message>
    <message numerus="yes">
        <source>Report of %1: %n drifting entry(ies).</source>
        <translation>
            <numerusform>%1 的报告：%n 个漂移条目。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::PathDiagram</name>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>source</source>
        <translation>源</translation>
    </message>
    <message>
        <source>bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>route lookup</source>
        <translation>路由查找</translation>
    </message>
    <message>
        <source>neighbour (ARP)</source>
        <translation>邻居（ARP）</translation>
    </message>
    <message>
        <source>FDB</source>
        <translation>FDB</translation>
    </message>
    <message>
        <source>userspace</source>
        <translation>用户态</translation>
    </message>
    <message>
        <source>encapsulation</source>
        <translation>封装</translation>
    </message>
    <message>
        <source>underlay</source>
        <translation>底层网络</translation>
    </message>
    <message>
        <source>decapsulation</source>
        <translation>解封装</translation>
    </message>
    <message>
        <source>delivery</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>Type a source and a destination address (a pod or a node), or right-click a node in the topology, then Trace.</source>
        <translation>输入源地址和目的地址（Pod 或节点），或在拓扑中右键单击节点，然后点击“追踪”。</translation>
    </message>
    <message>
        <source>(inferred from the CNI set-up)</source>
        <translation>（根据 CNI 配置推断）</translation>
    </message>
    <message>
        <source>%1 B on the wire · MTU %2</source>
        <translation>线上 %1 字节 · MTU %2</translation>
    </message>
    <message>
        <source>%1 B on the wire</source>
        <translation>线上 %1 字节</translation>
    </message>
    <message>
        <source>too big</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>STOPPED at %1</source>
        <translation>中断于：%1</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>位于 %1</translation>
    </message>
    <message>
        <source>expected: %1</source>
        <translation>应有：%1</translation>
    </message>
    <message>
        <source>found: %1</source>
        <translation>实有：%1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
</context>
<context>
    <name>tartan::gui::PathPanel</name>
    <message>
        <source>Source: pod or node address</source>
        <translation>源：Pod 或节点地址</translation>
    </message>
    <message>
        <source>Destination: pod or node address</source>
        <translation>目的：Pod 或节点地址</translation>
    </message>
    <message>
        <source>Swap source and destination</source>
        <translation>交换源和目的</translation>
    </message>
    <message>
        <source>&amp;Trace</source>
        <translation>追踪(&amp;T)</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <source>Not an address: &quot;%1&quot; (%2)</source>
        <translation>不是地址：“%1”（%2）</translation>
    </message>
    <message>
        <source>Cannot trace without a network config: %1</source>
        <translation>没有网络配置，无法追踪：%1</translation>
    </message>
    <message>
        <source>Fetching the agents&apos; reports…</source>
        <translation>正在获取各代理的报告…</translation>
    </message>
    <message>
        <source>The input changed while the reports were fetched; trace again.</source>
        <translation>获取报告期间输入已更改，请重新追踪。</translation>
    </message>
    <message numerus="yes">
        <source>%1 → %2 (%3): the packet arrives, in %n hop(s).</source>
        <translation>
            <numerusform>%1 → %2（%3）：数据包经 %n 跳到达。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 (%3): the packet stops: %4</source>
        <translation>%1 → %2（%3）：数据包中断：%4</translation>
    </message>
    <message numerus="yes">
        <source>(%n agent(s) could not be reached.)</source>
        <translation>
            <numerusform>（%n 个代理无法连接。）</numerusform>
        </translation>
    </message>
    <message>
        <source>Te&amp;xt</source>
        <translation>文本(&amp;X)</translation>
    </message>
    <message>
        <source>Show the trace as text, to copy</source>
        <translation>以可复制的文本显示追踪结果</translation>
    </message>
    <message>
        <source>No trace yet</source>
        <translation>尚无追踪</translation>
    </message>
</context>
<context>
    <name>tartan::gui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>tartan::gui::StartPage</name>
    <message>
        <source>Tartan</source>
        <translation>Tartan</translation>
    </message>
    <message>
        <source>Recent clusters</source>
        <translation>最近的集群</translation>
    </message>
    <message>
        <source>Double click or press Enter to connect; Delete removes an entry.</source>
        <translation>双击或按 Enter 键连接；按 Delete 键删除条目。</translation>
    </message>
    <message>
        <source>No recent clusters yet.</source>
        <translation>暂无最近的集群。</translation>
    </message>
    <message>
        <source>Open local lab</source>
        <translation>打开本地实验环境</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>用户 %1</translation>
    </message>
    <message>
        <source>Last used %1</source>
        <translation>上次使用：%1</translation>
    </message>
    <message>
        <source>Local lab %1 is up: etcd %2</source>
        <translation>本地实验环境 %1 已启动：etcd %2</translation>
    </message>
    <message>
        <source>Connect to local lab %1 at %2</source>
        <translation>连接到位于 %2 的本地实验环境 %1</translation>
    </message>
    <message>
        <source>Local lab %1 is running; its state file can be read by root only.</source>
        <translation>本地实验环境 %1 正在运行，但其状态文件仅 root 可读。</translation>
    </message>
    <message>
        <source>Start one with: sudo tartanctl lab up --nodes 3</source>
        <translation>启动方法：sudo tartanctl lab up --nodes 3</translation>
    </message>
    <message>
        <source>Removed %1 from the recent clusters.</source>
        <translation>已从最近的集群中删除 %1。</translation>
    </message>
    <message>
        <source>Local lab %1: %2 (in %3)</source>
        <translation>本地实验环境 %1：%2（位于 %3）</translation>
    </message>
    <message>
        <source>Opening local lab %1 at %2 …</source>
        <translation>正在打开位于 %2 的本地实验环境 %1…</translation>
    </message>
    <message>
        <source>Local lab %1 is running, but its state file %2 cannot be read (%3). Enter the endpoint that `tartanctl lab up` printed (etcd: http://127.0.0.1:PORT).</source>
        <translation>本地实验环境 %1 正在运行，但无法读取其状态文件 %2（%3）。请输入 `tartanctl lab up` 打印的端点（etcd: http://127.0.0.1:PORT）。</translation>
    </message>
    <message>
        <source>No local lab is running. Start one with `sudo tartanctl lab up --nodes 3` (or `scripts/setup lab`); it prints the etcd endpoint, and this button then opens it.</source>
        <translation>没有正在运行的本地实验环境。请用 `sudo tartanctl lab up --nodes 3`（或 `scripts/setup lab`）启动一个；它会打印 etcd 端点，之后点击此按钮即可打开。</translation>
    </message>
    <message>
        <source>Connecting to %1 …</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>A live view of a flannel-compatible overlay network. Connect to a cluster&apos;s etcd or Kubernetes API to begin.</source>
        <translation>flannel 兼容 Overlay 网络的实时视图。连接到集群的 etcd 或 Kubernetes API 即可开始。</translation>
    </message>
    <message>
        <source>Connect to a cluster…</source>
        <translation>连接到集群…</translation>
    </message>
    <message>
        <source>Kubernetes context %1
%2</source>
        <translation>Kubernetes 上下文 %1
%2</translation>
    </message>
    <message>
        <source>Connecting to context %1 of %2 …</source>
        <translation>正在连接到 %2 的上下文 %1…</translation>
    </message>
</context>
<context>
    <name>tartan::gui::TopologyScene</name>
    <message>
        <source>Tartan topology</source>
        <translation>Tartan 拓扑</translation>
    </message>
    <message numerus="yes">
        <source>agent %1 · %n drifting</source>
        <translation>
            <numerusform>代理 %1 · %n 个漂移</numerusform>
        </translation>
    </message>
    <message>
        <source>agent %1</source>
        <translation>代理 %1</translation>
    </message>
</context>
</TS>
