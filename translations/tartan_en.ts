<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeaseText</name>
    <message>
        <source>%1d %2h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reservation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expiry unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (reservation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct (vxlan DirectRouting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vxlan VNI %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct (ipip DirectRouting)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NodeCard</name>
    <message>
        <source>agent: no report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SceneExporter</name>
    <message>
        <source>export PNG to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the topology is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export SVG to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentGroupItem</name>
    <message>
        <source>no public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n node(s)</source>
        <translation>
            <numerusform>%1 · %n node</numerusform>
            <numerusform>%1 · %n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TunnelEdge</name>
    <message numerus="yes">
        <source>%1 · %n tunnel(s)</source>
        <translation>
            <numerusform>%1 · %n tunnel</numerusform>
            <numerusform>%1 · %n tunnels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Connect to the cluster at URL: etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcds:// for TLS; the prefix defaults to /coreos.com/network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate for etcds:// endpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate for etcds:// endpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client key for etcds:// endpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the main window into FILE (PNG) once the store is loaded, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds to wait for the store before a screenshot fails (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User interface language (en, zh_CN); default: the saved choice or the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the packet path view and trace from SRC to DST once connected (two addresses: --trace SRC DST).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --trace: the destination address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the Kubernetes cluster of this kubeconfig file (its current context unless --context is given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --kubeconfig: the context to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tartan: a live view of a flannel-compatible overlay network, from etcd or the Kubernetes API.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::ClusterState</name>
    <message numerus="yes">
        <source>%n lease(s)</source>
        <translation>
            <numerusform>%n lease</numerusform>
            <numerusform>%n leases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentReports</name>
    <message>
        <source>its agent serves no report endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no agent summary in the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered with the report of lease %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct access to agents is off and no SSH connection of this app reaches %1 (View &gt; Reach Agents Directly, or deploy it from the app)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentTunnel</name>
    <message>
        <source>cannot listen on 127.0.0.1 for the tunnel to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::AgentsPanel</name>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upgrade…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U&amp;ninstall…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uninstall agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and remove the Tartan agent, its links, routes and files on %1?
Pods on these hosts lose their network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uninstall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (no summary in the store; press Check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n host(s)…</source>
        <translation>
            <numerusform>%1: %n host…</numerusform>
            <numerusform>%1: %n hosts…</numerusform>
        </translation>
    </message>
    <message>
        <source>not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ChartsPanel</name>
    <message>
        <source>Subnet pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnets in the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allocated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease events per %1 s, last %2 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-node table sizes and traffic need agent reports.
They appear here once the nodes&apos; agents report their routes, neighbours, FDB entries and traffic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel table entries per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neighbours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FDB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay traffic per node (MiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 subnets used</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (+%n outside the pool)</source>
        <translation>
            <numerusform> (+%n outside the pool)</numerusform>
            <numerusform> (+%n outside the pool)</numerusform>
        </translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnets in the pool: no valid network config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (the %1 largest of %2 nodes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConfigEditorDialog</name>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit network config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indent the JSON, one member per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These changes will be written to the store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid (no changes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines removed: %1, added: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The config in the store changed while you were editing. Changes are now shown against, and will replace, the new value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConfigPanel</name>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNI %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port 8472 (kernel default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GBP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct routing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTU from the external interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the network config in the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 subnet length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 subnets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2 (%3 subnets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masquerading:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nftables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no network config in the store.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConnectDialog</name>
    <message>
        <source>http://127.0.0.1:2379, https://10.0.0.2:2379 or etcds://10.0.0.2:2379/prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated etcd endpoints as flanneld&apos;s --etcd-endpoints takes them (host:port means http://host:port), or a cluster address etcd://HOST:PORT,.../prefix (etcds:// for TLS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoints:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The etcd key prefix of the network, as flanneld&apos;s --etcd-prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &amp;prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (for https:// endpoints)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cert *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used for this connection only; never stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No endpoints given: enter at least one, e.g. http://127.0.0.1:2379.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network config at %1: %2, backend %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n lease(s) in the store.</source>
        <translation>
            <numerusform>%n lease in the store.</numerusform>
            <numerusform>%n leases in the store.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not usable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kuber&amp;netes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the nodes …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>etc&amp;d</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ConnectionBadge</name>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployHostsPage</name>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machines to run the Tartan agent on, how to reach each over SSH, and what every agent gets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Inventory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory (*.txt *.inventory *.hosts);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the tartand package</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debian packages (*.deb)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent &amp;package:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the hosts reach the store; filled in from the connected cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store &amp;endpoints:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store p&amp;refix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default route&apos;s interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Interface:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masquerade traffic leaving the pod network (--ip-masq)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more agent flags, e.g. --v=2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent &amp;flags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the tartand package (.deb) to install.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the store&apos;s endpoints as the hosts reach them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployProgressPage</name>
    <message>
        <source>Deploying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The package is uploaded and installed, the agent configured and started, and its readiness checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deploying to %n host(s)…</source>
        <translation>
            <numerusform>Deploying to %n host…</numerusform>
            <numerusform>Deploying to %n hosts…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%p%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) failed: see the summary.</source>
        <translation>
            <numerusform>%n host failed: see the summary.</numerusform>
            <numerusform>%n hosts failed: see the summary.</numerusform>
        </translation>
    </message>
    <message>
        <source>Done: press Next for the summary.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeploySummaryPage</name>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents that started appear on the topology as their leases arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upgraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployTestPage</name>
    <message>
        <source>Connection test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each host is reached over SSH and checked for systemd and dpkg. Nothing is changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOST KEY CHANGED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every host is reachable: press Next to deploy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) failed the test: fix them on the first page, or test again.</source>
        <translation>
            <numerusform>%n host failed the test: fix them on the first page, or test again.</numerusform>
            <numerusform>%n hosts failed the test: fix them on the first page, or test again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::DeployWizard</name>
    <message>
        <source>Deploy Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts are still being worked on. Close anyway? The hosts finish their current step first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DriftListModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n drifting entry(ies) according to the store</source>
        <translation>
            <numerusform>%n drifting entry according to the store</numerusform>
            <numerusform>%n drifting entries according to the store</numerusform>
        </translation>
    </message>
    <message>
        <source>report not fetched yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::DriftPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No drift: %n node(s) hold what the leases say.</source>
        <translation>
            <numerusform>No drift: %n node hold what the leases say.</numerusform>
            <numerusform>No drift: %n nodes hold what the leases say.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of drift; %1 node(s) clean.</source>
        <translation>
            <numerusform>%n row of drift; %1 node clean.</numerusform>
            <numerusform>%n rows of drift; %1 nodes clean.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::EventLogPanel</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::HostPrompts</name>
    <message>
        <source>Unknown host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept and Remember</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1 (used for this connection only, never stored):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host key changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authenticity of host %1 cannot be established: its key is not in known_hosts.

Key fingerprint: %2

Compare it with the host&apos;s own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host). Accepting records the key in known_hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed since it was recorded in known_hosts. Someone may be intercepting the connection, or the host was reinstalled. Nothing was done on this host. If the change is expected, remove the old key (ssh-keygen -R %1) and test again.

%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::HostTableModel</name>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 has no host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is listed twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: choose a key file, ssh-agent or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::KubeConnectPage</name>
    <message>
        <source>The kubeconfig file to connect with, as kubectl reads it ($KUBECONFIG or ~/.kube/config by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a kubeconfig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kubeconfig:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context of the kubeconfig to use: its cluster (API server) and user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAMESPACE/NAME[:KEY] of the ConfigMap with the network config (key net-conf.json by default), as flannel&apos;s manifests install it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config&amp;Map:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port the agents serve their reports on (tartand --report-port); the app asks each node&apos;s agent at its public IP on this port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent report &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kubeconfig &apos;%1&apos; has no contexts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No kubeconfig given: choose the file kubectl uses for the cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No context chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 (context %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s), </source>
        <translation>
            <numerusform>%n node, </numerusform>
            <numerusform>%n nodes, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a flannel lease.</source>
        <translation>
            <numerusform>%n with a flannel lease.</numerusform>
            <numerusform>%n with a flannel lease.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) with lease annotations that do not decode.</source>
        <translation>
            <numerusform>%n node with lease annotations that do not decode.</numerusform>
            <numerusform>%n nodes with lease annotations that do not decode.</numerusform>
        </translation>
    </message>
    <message>
        <source>Network config in ConfigMap %1: %2, backend %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontext:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::LeaseTableModel</name>
    <message>
        <source>etcd lease %1 (decimal %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VTEP MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>etcd lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reservation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::LeaseTablePanel</name>
    <message>
        <source>Filter: subnet, CIDR, address, backend or MAC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::MainWindow</name>
    <message>
        <source>not connected to a cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a node: IP, subnet, name or backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) match</source>
        <translation>
            <numerusform>%n node matches</numerusform>
            <numerusform>%n nodes match</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Topology as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Topology as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Cluster State as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Network &amp;Config…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used from the next start of Tartan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Tartan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Tartan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tartan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Cluster State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Tartan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tartan %1&lt;/h3&gt;&lt;p&gt;A flannel-compatible overlay network for container clusters, with a desktop control room: every node, subnet and tunnel of the fabric, live from the store.&lt;/p&gt;&lt;p&gt;Works with clusters run by tartand or by upstream flanneld (etcd v3).&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n rejected value(s)</source>
        <translation>
            <numerusform>, %n rejected value</numerusform>
            <numerusform>, %n rejected values</numerusform>
        </translation>
    </message>
    <message>
        <source>Topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packet path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trace &amp;from Here (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trace &amp;to Here (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Kernel Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Packet Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deploy Agents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reach Agents &amp;Directly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch agents&apos; full reports at the endpoints they publish; without it only agents reached through SSH or a local lab are asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to a Cluster…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeDetailPanel</name>
    <message>
        <source>Subnet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IP:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IPv6:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VTEP MAC:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>etcd lease:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mod revision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No node selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease of %1 is no longer in the store; these were its last values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel tables</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Should be / why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::NodeTablesPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the node&apos;s agent to reconcile its kernel tables now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FDB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the agent to repair…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repair failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report: this node&apos;s agent publishes no summary in the store (not a Tartan agent, or not running). %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The agent at %1 cannot be reached: %2. From the store: health %3, %n drifting entry(ies), last check %4.</source>
        <translation>
            <numerusform>The agent at %1 cannot be reached: %2. From the store: health %3, %n drifting entry, last check %4.</numerusform>
            <numerusform>The agent at %1 cannot be reached: %2. From the store: health %3, %n drifting entries, last check %4.</numerusform>
        </translation>
    </message>
    <message>
        <source>No node selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the report from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report of %1; drift unknown: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report of %1: the kernel holds what the leases say.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent at %1 cannot be reached: %2. Shown: its last report, from %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Report of %1: %n drifting entry(ies).</source>
        <translation>
            <numerusform>Report of %1: %n drifting entry.</numerusform>
            <numerusform>Report of %1: %n drifting entries.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tartan::gui::PathDiagram</name>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neighbour (ARP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FDB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>userspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encapsulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>underlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decapsulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a source and a destination address (a pod or a node), or right-click a node in the topology, then Trace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(inferred from the CNI set-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 B on the wire · MTU %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 B on the wire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too big</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STOPPED at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::PathPanel</name>
    <message>
        <source>Source: pod or node address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination: pod or node address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap source and destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an address: &quot;%1&quot; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot trace without a network config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the agents&apos; reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The input changed while the reports were fetched; trace again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 → %2 (%3): the packet arrives, in %n hop(s).</source>
        <translation>
            <numerusform>%1 → %2 (%3): the packet arrives, in %n hop.</numerusform>
            <numerusform>%1 → %2 (%3): the packet arrives, in %n hops.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 (%3): the packet stops: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n agent(s) could not be reached.)</source>
        <translation>
            <numerusform>(%n agent could not be reached.)</numerusform>
            <numerusform>(%n agents could not be reached.)</numerusform>
        </translation>
    </message>
    <message>
        <source>Te&amp;xt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the trace as text, to copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trace yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::StartPage</name>
    <message>
        <source>Tartan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double click or press Enter to connect; Delete removes an entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent clusters yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open local lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local lab %1 is up: etcd %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to local lab %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local lab %1 is running; its state file can be read by root only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start one with: sudo tartanctl lab up --nodes 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 from the recent clusters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local lab %1: %2 (in %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening local lab %1 at %2 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local lab %1 is running, but its state file %2 cannot be read (%3). Enter the endpoint that `tartanctl lab up` printed (etcd: http://127.0.0.1:PORT).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No local lab is running. Start one with `sudo tartanctl lab up --nodes 3` (or `scripts/setup lab`); it prints the etcd endpoint, and this button then opens it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A live view of a flannel-compatible overlay network. Connect to a cluster&apos;s etcd or Kubernetes API to begin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kubernetes context %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to context %1 of %2 …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tartan::gui::TopologyScene</name>
    <message>
        <source>Tartan topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>agent %1 · %n drifting</source>
        <translation>
            <numerusform>agent %1 · %n drifting</numerusform>
            <numerusform>agent %1 · %n drifting</numerusform>
        </translation>
    </message>
    <message>
        <source>agent %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
