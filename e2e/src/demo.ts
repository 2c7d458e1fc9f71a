// npm run demo [-- --once] [-- --backend frr]: the whole system on the local lab. A real
// kube-apiserver + etcd, 3 nodes and 1 external router in network namespaces, the controller, one
// speaker and one frr-k8s daemon per node; a sample MetalLB configuration and a LoadBalancer Service;
// then the router's routing table shows the Service IP via all three nodes (ECMP) with BGP and BFD up.
import { eventually, System, METALLB_NAMESPACE, routerConfig, type Rib } from "./lab/index.js";

const ROUTER_ASN = 64512;
const NODE_ASN = 64513;
const args = process.argv.slice(2);
const once = args.includes("--once");
const backend = args.includes("--backend") ? (args[args.indexOf("--backend") + 1] as "frr" | "frr-k8s") : "frr-k8s";

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
let stepNo = 0;
const step = (s: string) => console.log(`\n${bold(`[${++stepNo}] ${s}`)}`);
const info = (s: string) => console.log(`    ${s}`);

function sampleConfig(routerV4: string, routerV6: string): string {
  return `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: demo-pool, namespace: ${METALLB_NAMESPACE} }
spec:
  addresses: ["203.0.113.10-203.0.113.50", "2001:db8:200::/120"]
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: { name: fast, namespace: ${METALLB_NAMESPACE} }
spec: { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: router1, namespace: ${METALLB_NAMESPACE} }
spec: { myASN: ${NODE_ASN}, peerASN: ${ROUTER_ASN}, peerAddress: ${routerV4}, bfdProfile: fast }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: router1-v6, namespace: ${METALLB_NAMESPACE} }
spec: { myASN: ${NODE_ASN}, peerASN: ${ROUTER_ASN}, peerAddress: "${routerV6}", bfdProfile: fast }
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: { name: demo, namespace: ${METALLB_NAMESPACE} }
spec: { ipAddressPools: [demo-pool] }
`;
}

function demoService(nodes: string[]): string {
  return `apiVersion: v1
kind: Namespace
metadata: { name: demo }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: demo }
spec:
  type: LoadBalancer
  ipFamilyPolicy: PreferDualStack
  ipFamilies: [IPv4, IPv6]
  selector: { app: web }
  ports: [{ name: http, port: 80, protocol: TCP, targetPort: 8080 }]
---
# There is no kubelet or EndpointSlice controller in the lab: the Service's endpoints are declared.
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  namespace: demo
  labels: { kubernetes.io/service-name: web }
addressType: IPv4
ports: [{ name: http, port: 8080, protocol: TCP }]
endpoints:
${nodes.map((n, i) => `  - addresses: ["192.0.2.${10 + i}"]\n    nodeName: ${n}\n    conditions: { ready: true, serving: true }`).join("\n")}
`;
}

async function main(): Promise<number> {
  step(`Starting a real kube-apiserver + etcd and a lab of 3 nodes + 1 external router (backend: ${backend})`);
  const t0 = Date.now();
  const sys = await System.start({ nodes: 3, bgpBackend: backend });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    step("Tearing everything down");
    await sys.teardown();
    info("done: no namespace, process or temp dir left behind");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  try {
    info(`control plane ${sys.cp.server}, lab ${sys.lab.state.id} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const c of sys.components.values()) info(`${c.name.padEnd(18)} pid ${c.pid}  log ${c.logPath}`);

    step("Configuring the external router (AS 64512) to peer with every node, with BFD");
    const router = sys.router;
    router.loadConfig(routerConfig({
      hostname: "router1", asn: ROUTER_ASN, routerId: router.ipv4,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: NODE_ASN, bfd: true }, { address: n.ipv6, asn: NODE_ASN, bfd: true }]),
    }));

    step("Applying IPAddressPool, BFDProfile, BGPPeers and BGPAdvertisement");
    info(sys.apply(sampleConfig(router.ipv4, router.ipv6)).trim().split("\n").join("\n    "));

    step("Creating LoadBalancer Service demo/web (dual-stack) with endpoints on all nodes");
    sys.apply(demoService(sys.lab.nodes.map((n) => n.name)));
    const created = Date.now();
    const ips = await eventually("demo/web external IPs", () => {
      const out = sys.kubectl(["get", "svc", "-n", "demo", "web", "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}"]).trim();
      return out.split(" ").length >= 2 ? out.split(" ") : undefined;
    }, 60_000);
    info(`external IPs: ${ips.join(", ")} (${Date.now() - created} ms)`);

    step("Waiting for the router to learn the Service IPs from all three nodes (ECMP)");
    const [v4, v6] = ips as [string, string];
    await eventually("ECMP route to the IPv4 service IP", () => {
      const rib = router.vtyshJson<Rib>(`show ip route ${v4}/32 json`);
      return (rib[`${v4}/32`]?.[0]?.nexthops.filter((n) => n.active).length ?? 0) === 3;
    }, 90_000);
    await eventually("ECMP route to the IPv6 service IP", () => {
      const rib = router.vtyshJson<Rib>(`show ipv6 route ${v6}/128 json`);
      return (rib[`${v6}/128`]?.[0]?.nexthops.filter((n) => n.active).length ?? 0) === 3;
    }, 90_000);
    info(`service IP reachable via all nodes ${Date.now() - created} ms after the Service was created`);
    console.log(router.vtysh([`show ip route ${v4}/32`, `show ipv6 route ${v6}/128`]).replace(/^/gm, "    "));

    step("BGP and BFD sessions on the router");
    await eventually("BFD sessions up", () => {
      const peers = router.vtyshJson<Array<{ status: string }>>("show bfd peers json");
      return peers.length >= 6 && peers.every((p) => p.status === "up");
    }, 60_000);
    console.log(router.vtysh(["show bgp summary", "show bfd peers brief"]).replace(/^/gm, "    "));
    step("The kernel routing table of the router");
    console.log(router.exec("ip", ["route", "show", v4]).replace(/^/gm, "    "));

    if (once) {
      step("--once: all checks passed");
      await shutdown(0);
      return 0;
    }
    step("The system keeps running. Try it:");
    info(`export KUBECONFIG=${sys.kubeconfigPath}`);
    info("kubectl get svc -A; kubectl get frrconfigurations -A -o yaml; kubectl get bgpsessionstates -A");
    info("kubectl create service loadbalancer another --tcp=80:80   # then watch the router:");
    info(`vtysh --vty_socket ${router.runDir} -c 'show ip route bgp'`);
    info("Ctrl-C tears everything down.");
    await new Promise(() => undefined);
    return 0;
  } catch (err) {
    console.error(`\ndemo failed: ${(err as Error).message}`);
    const { readFileSync } = await import("node:fs");
    for (const c of sys.components.values()) {
      const tail = readFileSync(c.logPath, "utf8").split("\n").slice(-15).join("\n      ");
      console.error(`  --- last lines of ${c.name} ---\n      ${tail}`);
    }
    await shutdown(1);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`demo failed: ${err.message}`);
    process.exit(1);
  },
);
