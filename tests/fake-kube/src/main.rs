//! Runs one stand-in cluster with a small demo workload set, so outside clients such as
//! kubectl can be pointed at it. Prints the kubeconfig path and the URL, then serves until
//! standard input closes.

use std::io::Read;

use fake_kube::{Fault, Objects, Options, Server, Workload};

fn main() -> std::io::Result<()> {
    let name = std::env::args().nth(1).unwrap_or_else(|| "fake".to_owned());
    let mut objects = Objects::new();
    objects.add(&Workload::new("payments-ledger", "payments").replicas(3).hpa(2, 5, 3).host("ledger.example.com")).add(
        &Workload::new("checkout", "shop").replicas(2).fault(
            1,
            Fault::CrashLoop { reason: "Error".to_owned(), exit_code: 1, log: "panic: no database\n".to_owned() },
        ),
    );
    let server = Server::start(Options::new(&name, objects))?;
    let dir = std::env::temp_dir().join(format!("fake-kube-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let kubeconfig = dir.join("kubeconfig");
    std::fs::write(&kubeconfig, server.kubeconfig())?;
    println!("K8S_SERVER={}", server.url);
    println!("KUBECONFIG={}", kubeconfig.display());
    println!("READY");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    Ok(())
}
