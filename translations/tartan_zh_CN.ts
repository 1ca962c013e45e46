<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="23"/>
        <source>Tartan: a live view of a flannel-compatible overlay network, from etcd or Kubernetes.</source>
        <translation>Tartan：从 etcd 或 Kubernetes 实时查看兼容 flannel 的覆盖网络。</translation>
    </message>
</context>
<context>
    <name>tartan::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="14"/>
        <source>Tartan</source>
        <translation>Tartan</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="15"/>
        <source>Not connected to a cluster.</source>
        <translation>未连接到集群。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="24"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="25"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="28"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="29"/>
        <source>&amp;About Tartan</source>
        <translation>关于 Tartan(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="34"/>
        <source>About Tartan</source>
        <translation>关于 Tartan</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="35"/>
        <source>&lt;h3&gt;Tartan %1&lt;/h3&gt;&lt;p&gt;A flannel-compatible overlay network with a desktop control room.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tartan %1&lt;/h3&gt;&lt;p&gt;兼容 flannel 的覆盖网络，附带桌面控制室。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
