//! `hub status` against loopback stand-ins for Kubernetes API servers (tests/fake-kube): four
//! clusters, one slow and one down; every "nothing found" reason; every problem kind; the
//! auth modes; and proof that hub only reads.

use std::time::Duration;

use fake_kube::{Fault, Mode, Objects, Options, Refusal, Server, Workload};
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

fn crash(log: &str) -> Fault {
    Fault::CrashLoop { reason: "Error".to_owned(), exit_code: 1, log: log.to_owned() }
}

fn ledger() -> Workload {
    Workload::new("payments-ledger", "payments")
}

fn start(name: &str, objects: Objects, mode: Mode) -> Server {
    Server::start(Options::new(name, objects).mode(mode)).unwrap()
}

/// prod-eu: a crash-looping ledger pod and an HPA at its maximum; prod-us: healthy; staging:
/// slow but within the timeout; dead: nothing listens.
fn four_clusters() -> Vec<Server> {
    let mut eu = Objects::new();
    eu.add(
        &ledger()
            .replicas(3)
            .fault(1, crash("connecting to postgres://ledger-db:5432\npanic: database is read-only\n"))
            .hpa(2, 3, 3)
            .host("ledger.eu.example.com"),
    )
    .add(&Workload::new("card-issuing", "cards").replicas(2));
    let mut us = Objects::new();
    us.add(&ledger().replicas(2));
    let mut staging = Objects::new();
    staging.add(&ledger().replicas(1));
    vec![
        start("prod-eu", eu, Mode::Ok),
        start("prod-us", us, Mode::Ok),
        start("staging", staging, Mode::Slow(Duration::from_millis(1500))),
        start("dead", Objects::new(), Mode::Down),
    ]
}

fn token_var(server: &Server) -> String {
    format!("{}_TOKEN", server.name.to_uppercase().replace('-', "_"))
}

/// hub's config for these servers, each signing in with a token from an environment variable.
fn config_for(servers: &[Server]) -> String {
    let mut text = String::from("kubernetes:\n  clusters:\n");
    for s in servers {
        text.push_str(&format!(
            "    - name: {}\n      url: {}\n      caData: {}\n      tokenEnv: {}\n",
            s.name,
            s.url,
            s.ca_data(),
            token_var(s)
        ));
    }
    text
}

/// A test environment with the demo catalog indexed and hub configured for `servers`.
fn setup(servers: &[Server]) -> TestEnv {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    env.write("home/.config/backstage-hub/config.yaml", config_for(servers));
    env
}

fn hub(env: &TestEnv, servers: &[Server]) -> assert_cmd::Command {
    let mut cmd = env.hub();
    for s in servers {
        cmd.env(token_var(s), &s.token);
    }
    cmd
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| panic!("not JSON: {e}: {}", String::from_utf8_lossy(output)))
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn cluster<'a>(answer: &'a Value, name: &str) -> &'a Value {
    answer["clusters"].as_array().unwrap().iter().find(|c| c["cluster"] == name).unwrap()
}

#[test]
fn four_clusters_one_slow_one_down() {
    let servers = four_clusters();
    let env = setup(&servers);
    let run = hub(&env, &servers).args(["status", "payments-ledger"]).assert().code(5);
    let out = stdout(&run);
    assert!(out.starts_with("component:default/payments-ledger: selector `backstage.io/kubernetes-id=payments-ledger` in namespace payments\n"), "{out}");
    assert!(out.contains("== prod-eu: 2 problems"), "{out}");
    assert!(out.contains("== prod-us: healthy"), "{out}");
    assert!(out.contains("== staging: healthy"), "{out}");
    assert!(out.contains("== dead: could not be read: unreachable:"), "{out}");
    assert!(out.contains("payments-ledger  payments   2/3    3           2          3d"), "{out}");
    assert!(
        out.contains("CrashLoopBackOff pod/payments-ledger-7d9f8c6b5-cbbbb (payments): container payments-ledger keeps crashing, 17 restarts; last run ended: Error (exit code 1)"),
        "{out}"
    );
    assert!(out.contains("HPA at maximum hpa/payments-ledger (payments): running 3 replicas"), "{out}");
    assert!(out.contains("ledger.eu.example.com"), "{out}");
    // The slow cluster answers after the fast ones, the dead one before it: streamed in
    // answer order, never blocked behind the slowest.
    let position = |needle: &str| out.find(needle).unwrap();
    assert!(position("== prod-eu") < position("== staging"), "{out}");
    assert!(position("== dead") < position("== staging"), "{out}");
    // Nothing from the healthy US cluster is marked as a problem, and tokens never show.
    for s in &servers {
        assert!(!out.contains(&s.token));
    }

    let run = hub(&env, &servers).args(["status", "payments-ledger", "-o", "json"]).assert().code(5);
    let answer = json(&run.get_output().stdout);
    assert_eq!(answer["entity"], "component:default/payments-ledger");
    assert_eq!(answer["selector"], "backstage.io/kubernetes-id=payments-ledger");
    let names: Vec<&str> =
        answer["clusters"].as_array().unwrap().iter().map(|c| c["cluster"].as_str().unwrap()).collect();
    assert_eq!(names, ["prod-eu", "prod-us", "staging", "dead"], "JSON lists clusters in config order");
    let eu = cluster(&answer, "prod-eu");
    assert_eq!(eu["state"], "problems");
    assert_eq!(eu["problems"][0]["kind"], "crash-loop-back-off");
    assert_eq!(eu["deployments"][0]["ready"], 2);
    assert_eq!(eu["pods"].as_array().unwrap().len(), 3);
    assert_eq!(eu["hpas"][0]["max"], 3);
    assert_eq!(cluster(&answer, "dead")["reason"]["kind"], "unreachable");
    assert_eq!(cluster(&answer, "prod-us")["state"], "healthy");

    let run =
        hub(&env, &servers).args(["status", "payments-ledger", "-o", "yaml", "--cluster", "prod-us"]).assert().code(0);
    assert!(stdout(&run).contains("state: healthy"));
}

#[test]
fn a_slow_cluster_times_out_without_holding_up_the_others() {
    let servers = four_clusters();
    let env = setup(&servers);
    // staging answers after 1.5 s; the others well within the second, even on a busy machine.
    let run = hub(&env, &servers).args(["status", "payments-ledger", "--timeout", "1s"]).assert().code(5);
    let out = stdout(&run);
    assert!(out.contains("== staging: could not be read: timed out after 1.0 s"), "{out}");
    assert!(out.contains("== prod-us: healthy"), "{out}");
}

#[test]
fn hub_only_reads() {
    let servers = four_clusters();
    let env = setup(&servers);
    hub(&env, &servers).args(["status", "payments-ledger", "--logs"]).assert().code(5);
    hub(&env, &servers).args(["status", "-o", "json"]).assert().code(5);
    hub(&env, &servers).args(["status", "card-issuing", "--cluster", "prod-eu"]).assert().code(0);
    let mut seen = 0;
    for server in &servers {
        for request in server.requests() {
            seen += 1;
            assert!(
                ["get", "list", "watch"].contains(&request.verb.as_str()) && request.method == "GET",
                "{}: {request:?}",
                server.name
            );
        }
    }
    assert!(seen > 20, "the clusters saw {seen} requests");
    // --logs read the crashed container's previous log: a get of pods/log.
    assert!(servers[0].requests().iter().any(|r| r.path.ends_with("/log") && r.query.contains("previous=true")));
}

#[test]
fn logs_show_the_previous_container_of_a_crash_looping_pod() {
    let servers = four_clusters();
    let env = setup(&servers);
    let run =
        hub(&env, &servers).args(["status", "payments-ledger", "--logs", "--cluster", "prod-eu"]).assert().code(1);
    let out = stdout(&run);
    assert!(
        out.contains("Previous log of pod/payments-ledger-7d9f8c6b5-cbbbb (payments, container payments-ledger):\n  | connecting to postgres://ledger-db:5432\n  | panic: database is read-only\n"),
        "{out}"
    );
}

#[test]
fn overview_lists_every_catalogued_service_with_one_list_per_kind() {
    let servers = four_clusters();
    let env = setup(&servers);
    let before = servers[0].requests().len();
    let run = hub(&env, &servers).args(["status", "--cluster", "prod-eu"]).assert().code(1);
    let out = stdout(&run);
    let expected = "== prod-eu: 2 services, 1 with problems\nSERVICE          OWNER          NAMESPACE  READY  RESTARTS  PROBLEMS\npayments-ledger  team-payments  payments   2/3    17        2: CrashLoopBackOff, HPA at maximum\ncard-issuing     team-cards     cards      2/2    0         -\n";
    assert_eq!(out, expected);
    // Five kinds, one list each, across all namespaces: never one request per service.
    let requests = &servers[0].requests()[before..];
    assert_eq!(requests.len(), 5, "{requests:?}");
    assert!(requests.iter().all(|r| r.verb == "list" && !r.path.contains("/namespaces/") && r.query.is_empty()));

    let run = hub(&env, &servers).args(["status", "-o", "json"]).assert().code(5);
    let answer = json(&run.get_output().stdout);
    let us = cluster(&answer, "prod-us");
    assert_eq!(us["services"][0]["service"], "payments-ledger");
    assert_eq!(us["services"][0]["owner"], "team-payments");
    assert_eq!(cluster(&answer, "dead")["state"], "unreadable");
}

#[test]
fn every_problem_kind_is_explained() {
    let mut objects = Objects::new();
    objects.add(
        &ledger()
            .replicas(6)
            .fault(0, Fault::ImagePull)
            .fault(1, Fault::OomKilled)
            .fault(2, Fault::NotReady)
            .fault(3, Fault::Unschedulable)
            .rollout_stuck(),
    );
    let servers = vec![start("prod-eu", objects, Mode::Ok)];
    let env = setup(&servers);
    let run = hub(&env, &servers).args(["status", "payments-ledger"]).assert().code(1);
    let out = stdout(&run);
    for expected in [
        "OOMKilled pod/payments-ledger-7d9f8c6b5-cbbbb (payments): container payments-ledger was killed for using more memory than its limit (exit code 137)",
        "ImagePullBackOff pod/payments-ledger-7d9f8c6b5-bbbbb (payments): cannot pull image registry.example.com/payments-ledger:1.4.2: Back-off pulling image",
        "Unschedulable pod/payments-ledger-7d9f8c6b5-fbbbb (payments): no node can take it: 0/3 nodes are available: 3 Insufficient memory.",
        "readiness failing pod/payments-ledger-7d9f8c6b5-dbbbb (payments): container payments-ledger is running but its readiness probe fails",
        "rollout stuck deployment/payments-ledger (payments): ReplicaSet \"payments-ledger-7d9f8c6b5\" has timed out progressing.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(out.contains("payments-ledger-7d9f8c6b5-fbbbb  Pending  0/1    0         60m  <none>"), "{out}");
}

#[test]
fn nothing_found_always_says_why() {
    let healthy = || {
        let mut o = Objects::new();
        o.add(&ledger());
        o
    };
    let other_ca = start("other", Objects::new(), Mode::Ok);
    let servers = vec![
        start("empty", Objects::new(), Mode::Ok),
        start("locked", healthy(), Mode::Forbidden),
        start("stranger", healthy(), Mode::Unauthorized),
        start("broken", healthy(), Mode::Error),
        start("wrong-ca", healthy(), Mode::Ok),
    ];
    let env = setup(&servers);
    let mut config = config_for(&servers);
    config = config.replace(&servers[4].ca_data(), &other_ca.ca_data());
    config.push_str("    - name: no-token\n      url: https://127.0.0.1:9\n      tokenEnv: NOT_SET_ANYWHERE\n");
    config.push_str("    - name: by-keyring\n      url: https://127.0.0.1:9\n      tokenKeyring: prod-reader\n");
    env.write("home/.config/backstage-hub/config.yaml", config);
    let run = hub(&env, &servers).args(["status", "payments-ledger"]).assert().code(5);
    let out = stdout(&run);
    for expected in [
        "== empty: nothing found: selector `backstage.io/kubernetes-id=payments-ledger` matched no deployments or pods in namespace payments",
        "== locked: could not be read: forbidden: RBAC does not allow `list` on `",
        "is forbidden: User \"system:serviceaccount:hub:nobody\" cannot list resource",
        "== stranger: could not be read: unauthorized: the cluster refused the credentials (Unauthorized)",
        "== broken: could not be read: the API server failed: HTTP 500 InternalError: Internal error occurred: etcdserver: request timed out",
        "== wrong-ca: could not be read: TLS failure (check the cluster's CA):",
        "== no-token: could not be read: no credentials: the environment variable NOT_SET_ANYWHERE that holds the token is not set",
        "== by-keyring: could not be read: no credentials: no OS keyring is available",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }

    // The entity itself has no Kubernetes annotation: said once, with the fix.
    hub(&env, &servers).args(["status", "lumen-media-vpc"]).assert().code(1).stderr(
        predicate::str::contains("has no Kubernetes annotation")
            .and(predicate::str::contains("backstage.io/kubernetes-id")),
    );
}

#[test]
fn label_selectors_use_the_full_grammar() {
    let mut objects = Objects::new();
    objects
        .add(&Workload::new("checkout-web", "shop").label("tier", "web").replicas(2))
        .add(&Workload::new("checkout-api", "shop").label("tier", "api"))
        .add(&Workload::new("checkout-batch", "shop").label("tier", "batch"))
        .add(&Workload::new("checkout-web", "other-ns").label("tier", "web"));
    let servers = vec![start("prod-eu", objects, Mode::Ok)];
    let env = TestEnv::new();
    env.write(
        "catalog/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\n  annotations:\n    backstage.io/kubernetes-label-selector: 'app in (checkout-web,checkout-api,checkout-batch),tier!=batch,!canary'\n    backstage.io/kubernetes-namespace: shop\nspec:\n  type: service\n  lifecycle: production\n  owner: team-shop\n",
    );
    env.hub().args(["catalog", "index", "catalog"]).assert().code(0);
    env.write("home/.config/backstage-hub/config.yaml", config_for(&servers));
    let run = hub(&env, &servers).args(["status", "checkout", "-o", "json"]).assert().code(0);
    let answer = json(&run.get_output().stdout);
    let names: Vec<&str> =
        answer["clusters"][0]["deployments"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["checkout-api", "checkout-web"]);
    assert_eq!(answer["clusters"][0]["pods"].as_array().unwrap().len(), 3);
    assert!(servers[0].requests().iter().any(|r| r.path.starts_with("/apis/apps/v1/namespaces/shop/deployments")));
}

#[test]
fn clusters_from_a_backstage_app_config_and_kubeconfig_contexts() {
    let mut objects = Objects::new();
    objects.add(&ledger().replicas(2));
    let from_app = start("app-prod", objects.clone(), Mode::Ok);
    let from_kubeconfig = start("kube-prod", objects.clone(), Mode::Ok);
    let with_exec = start("exec-prod", objects, Mode::Ok);
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    let app = env.write(
        "app-config.yaml",
        format!(
            "kubernetes:\n  serviceLocatorMethod:\n    type: multiTenant\n  clusterLocatorMethods:\n    - type: config\n      clusters:\n        - name: app-prod\n          url: {}\n          authProvider: serviceAccount\n          serviceAccountToken: ${{APP_PROD_TOKEN}}\n          caData: {}\n",
            from_app.url,
            from_app.ca_data()
        ),
    );
    let kubeconfig = env.write("kube/config", from_kubeconfig.kubeconfig());
    // An exec credential plugin, as cloud providers' kubeconfigs use.
    let plugin = env.write(
        "kube/token-plugin",
        format!(
            "#!/bin/sh\necho '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{}\"}}}}'\n",
            with_exec.token
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let exec_config = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: exec-prod\n  cluster:\n    server: {}\n    certificate-authority-data: {}\nusers:\n- name: exec-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\ncontexts:\n- name: exec-prod\n  context:\n    cluster: exec-prod\n    user: exec-user\n",
        with_exec.url,
        with_exec.ca_data(),
        plugin.display()
    );
    let exec_kubeconfig = env.write("kube/exec-config", exec_config);
    let paths = std::env::join_paths([&kubeconfig, &exec_kubeconfig]).unwrap();
    let run = env
        .hub()
        .env("APP_PROD_TOKEN", &from_app.token)
        .env("KUBECONFIG", &paths)
        .args(["--app-config"])
        .arg(&app)
        .args(["status", "payments-ledger"])
        .assert()
        .code(0);
    let out = stdout(&run);
    assert!(out.contains("== app-prod: healthy"), "{out}");
    assert!(out.contains("== kube-prod: healthy"), "{out}");
    assert!(out.contains("== exec-prod: healthy"), "{out}");
    assert!(!out.contains(&from_app.token));
}

#[test]
fn skip_tls_verify_works_and_warns_every_time() {
    let mut objects = Objects::new();
    objects.add(&ledger());
    let servers = vec![start("lab", objects, Mode::Ok)];
    let env = setup(&servers);
    let config = config_for(&servers).replace(&format!("caData: {}", servers[0].ca_data()), "skipTLSVerify: true");
    env.write("home/.config/backstage-hub/config.yaml", config);
    for _ in 0..2 {
        hub(&env, &servers)
            .args(["status", "payments-ledger"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("== lab: healthy"))
            .stderr(predicate::str::contains("warning: cluster `lab` has skipTLSVerify"));
    }
}

#[test]
fn configuration_mistakes_are_clear() {
    let servers = vec![start("prod", Objects::new(), Mode::Ok)];
    let env = setup(&servers);
    env.write(
        "home/.config/backstage-hub/config.yaml",
        "kubernetes:\n  clusters:\n    - name: prod\n      url: https://127.0.0.1:1\n      token: abc123\n",
    );
    hub(&env, &servers).args(["status", "payments-ledger"]).assert().code(2).stderr(
        predicate::str::contains("kubernetes.clusters[0].token")
            .and(predicate::str::contains("never reads a token from its own config file"))
            .and(predicate::str::contains("abc123").not()),
    );
    env.write("home/.config/backstage-hub/config.yaml", config_for(&servers));
    hub(&env, &servers).args(["status", "payments-ledger", "--cluster", "prod-eu"]).assert().code(2).stderr(
        predicate::str::contains("there is no cluster named `prod-eu`")
            .and(predicate::str::contains("Known clusters: prod.")),
    );
    env.write("home/.config/backstage-hub/config.yaml", "{}\n");
    hub(&env, &servers)
        .args(["status", "payments-ledger"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no Kubernetes clusters are configured"));
    hub(&env, &servers).args(["status", "payments-ledger", "--timeout", "soon"]).assert().code(2);
}

#[test]
fn watch_refreshes_until_interrupted() {
    use std::io::{BufRead, BufReader};
    let mut objects = Objects::new();
    objects.add(&ledger());
    let servers = vec![start("prod-eu", objects, Mode::Ok)];
    let env = setup(&servers);
    let home = env.path().join("home");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("hub"))
        .env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env(token_var(&servers[0]), &servers[0].token)
        .args(["status", "payments-ledger", "--watch", "--interval", "100ms"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut frames = 0;
    for line in lines {
        if line.unwrap().starts_with("== prod-eu: healthy") {
            frames += 1;
            if frames == 3 {
                break;
            }
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(frames, 3);
    assert!(servers[0].requests().len() >= 15, "each refresh lists again");
}

/// kubectl, an outside client, reads the stand-in the way hub does: it proves the stand-in
/// speaks Kubernetes' wire format, not just what hub expects.
#[test]
fn kubectl_agrees_with_the_stand_in() {
    let Some(kubectl) = kubectl() else {
        assert!(std::env::var_os("CI").is_none(), "kubectl is required under CI=true");
        eprintln!(
            "SKIPPED kubectl_agrees_with_the_stand_in: no kubectl on PATH and scripts/services/kubectl.sh could not fetch one"
        );
        return;
    };
    let mut objects = Objects::new();
    objects.add(&ledger().replicas(3).fault(2, crash("boom\n"))).add(&Workload::new("card-issuing", "cards"));
    let server = start("fidelity", objects, Mode::Ok);
    let env = TestEnv::new();
    let kubeconfig = env.write("kubeconfig", server.kubeconfig());
    let output = std::process::Command::new(&kubectl)
        .env("KUBECONFIG", &kubeconfig)
        .env("HOME", env.path())
        .args(["get", "pods", "-A", "-l", "backstage.io/kubernetes-id in (payments-ledger)", "-o", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let list = json(&output.stdout);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "CrashLoopBackOff");
    let output = std::process::Command::new(&kubectl)
        .env("KUBECONFIG", &kubeconfig)
        .env("HOME", env.path())
        .args(["get", "deployments", "-n", "cards", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "deployment.apps/card-issuing\n");
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

/// kubectl from PATH, or fetched by the project's script (Debian's kubernetes-client).
fn kubectl() -> Option<std::path::PathBuf> {
    let output = std::process::Command::new(repo_root().join("scripts/services/kubectl.sh")).output().ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let path = std::path::PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    path.is_file().then_some(path)
}

/// partial: HPAs refused by RBAC and no Ingress API; pods-locked: pods refused by RBAC.
fn partly_readable_clusters() -> Vec<Server> {
    let objects = || {
        let mut o = Objects::new();
        o.add(&ledger().replicas(2).hpa(2, 5, 2).host("ledger.example.com"));
        o
    };
    let partial = Options::new("partial", objects())
        .refuse("horizontalpodautoscalers", Refusal::Forbidden)
        .refuse("ingresses", Refusal::NotServed);
    let pods_locked = Options::new("pods-locked", objects()).refuse("pods", Refusal::Forbidden);
    vec![Server::start(partial).unwrap(), Server::start(pods_locked).unwrap()]
}

#[test]
fn one_refused_resource_kind_leaves_the_rest_of_the_cluster_readable() {
    let servers = partly_readable_clusters();
    let env = setup(&servers);
    let run = hub(&env, &servers).args(["status", "payments-ledger"]).assert().code(5);
    let out = stdout(&run);
    // What could be read is shown, then a line per kind that could not be, with the reason.
    for expected in [
        "== partial: healthy; 2 resource kinds could not be read\nDEPLOYMENT",
        "payments-ledger  payments   2/2    2           2",
        "Could not read:\n  horizontalpodautoscalers: forbidden: RBAC does not allow `list` on `horizontalpodautoscalers` (horizontalpodautoscalers.autoscaling is forbidden: User \"system:serviceaccount:hub:nobody\" cannot list resource",
        "  ingresses: not served: this cluster does not serve `ingresses` (the API networking.k8s.io/v1 is not installed here)\n",
        // Without pods, nothing can be said about the service: not healthy, unknown.
        "== pods-locked: unknown: pods could not be read\nDEPLOYMENT",
        "Could not read:\n  pods: forbidden: RBAC does not allow `list` on `pods`",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(!out.contains("pods-locked: healthy"), "{out}");

    let run = hub(&env, &servers).args(["status", "payments-ledger", "-o", "json"]).assert().code(5);
    let answer = json(&run.get_output().stdout);
    let partial = cluster(&answer, "partial");
    assert_eq!(partial["state"], "healthy");
    assert_eq!(partial["pods"].as_array().map(Vec::len), Some(2));
    assert_eq!(partial["hpas"], serde_json::json!([]));
    let errors = partial["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["resource"], "horizontalpodautoscalers");
    assert_eq!(errors[0]["reason"]["kind"], "forbidden");
    assert_eq!(errors[0]["reason"]["verb"], "list");
    assert!(errors[0]["reason"]["message"].as_str().unwrap().contains("cannot list resource"));
    assert_eq!(
        errors[1],
        serde_json::json!({"resource": "ingresses", "reason": {"kind": "not-served", "resource": "ingresses", "groupVersion": "networking.k8s.io/v1"}})
    );
    let locked = cluster(&answer, "pods-locked");
    assert_eq!(locked["state"], "unreadable");
    assert_eq!(locked["reason"], serde_json::json!({"kind": "incomplete", "resources": ["pods"]}));
    assert_eq!(locked["deployments"][0]["name"], "payments-ledger");
    assert_eq!(locked["errors"][0]["resource"], "pods");

    // The overview of one cluster shows its services and the kinds it could not read.
    let run = hub(&env, &servers).args(["status", "--cluster", "partial"]).assert().code(5);
    let out = stdout(&run);
    assert!(
        out.starts_with("== partial: 1 service, 0 with problems; 2 resource kinds could not be read\nSERVICE"),
        "{out}"
    );
    assert!(out.contains("Could not read:\n  horizontalpodautoscalers: forbidden:"), "{out}");
    let run = hub(&env, &servers).args(["status", "--cluster", "pods-locked", "-o", "json"]).assert().code(5);
    let locked = cluster(&json(&run.get_output().stdout), "pods-locked").clone();
    assert_eq!(locked["state"], "unreadable");
    assert_eq!(locked["errors"][0]["reason"]["resource"], "pods");
}

/// A port on loopback that nothing listens on: bound a moment ago, then let go.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn network_failures_are_worded_for_people() {
    let port = closed_port();
    // Accepts TCP connections and closes each at once.
    let hangs_up = start("hangs-up", Objects::new(), Mode::Ok);
    hangs_up.set_mode(Mode::Down);
    let untrusted = start("untrusted", Objects::new(), Mode::Ok);
    let other_ca = start("other-ca", Objects::new(), Mode::Ok);
    let servers = vec![hangs_up, untrusted];
    let env = setup(&servers);
    let config = config_for(&servers).replace(&servers[1].ca_data(), &other_ca.ca_data())
        + &format!("    - name: closed\n      url: https://127.0.0.1:{port}\n      tokenEnv: CLOSED_TOKEN\n");
    env.write("home/.config/backstage-hub/config.yaml", config);
    let run = hub(&env, &servers).env("CLOSED_TOKEN", "t").args(["status", "payments-ledger"]).assert().code(5);
    let out = stdout(&run);
    let address = |s: &Server| s.url.trim_start_matches("https://").to_owned();
    for expected in [
        format!("== closed: could not be read: unreachable: connection refused by 127.0.0.1:{port}\n"),
        format!(
            "== hangs-up: could not be read: unreachable: the server at {} closed the connection during the TLS handshake\n",
            address(&servers[0])
        ),
        format!(
            "== untrusted: could not be read: TLS failure (check the cluster's CA): the server's certificate at {} is not trusted (",
            address(&servers[1])
        ),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in\n{out}");
    }
    for jargon in ["ServiceError", "hyper", "Connect)", "client error", "https://docs.rs", "Custom {"] {
        assert!(!out.contains(jargon), "{jargon:?} in\n{out}");
    }
}
