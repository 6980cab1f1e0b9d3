//! Step 1: the configuration (`bodyguard.toml`), `--select` and the inventory, made into the
//! checker of the run.

use super::{CheckArgs, Stop};
use crate::config::Config;
use crate::render;
use crate::{Checker, Settings};
use std::path::PathBuf;
use std::sync::Arc;

/// What every later step of `check` reads: the configuration, the checker and the size limit.
pub(super) struct Setup {
    /// `bodyguard.toml`, unless there is none or `--no-config`.
    pub(super) config: Option<Config>,
    /// The checker, built once with the settings of the configuration and the inventory.
    pub(super) checker: Checker,
    /// The largest file read (`--max-file-size`, else the configuration's, else the default).
    pub(super) max_file_size: u64,
}

impl Setup {
    /// Load the configuration, check the `--select` codes, load the inventory and build the
    /// checker. A problem is printed on stderr and stops the run with exit code 2.
    pub(super) fn load(args: &CheckArgs) -> Result<Setup, Stop> {
        let config = load_config(args).map_err(|()| Stop(2))?;
        for code in &args.select {
            if crate::rules::by_code(code).is_none() {
                eprintln!("error: unknown rule `{code}` in --select (see `bodyguard rules`)");
                return Err(Stop(2));
            }
        }
        // Inventory: `--inventory` paths plus those of bodyguard.toml.
        let mut inventory_paths = args.inventory.clone();
        if let Some(c) = &config {
            inventory_paths.extend(c.inventory.iter().cloned());
        }
        let max_file_size = args
            .max_file_size
            .or(config.as_ref().and_then(|c| c.max_file_size))
            .unwrap_or(crate::files::DEFAULT_MAX_FILE_SIZE);
        let plugins = config.as_ref().map_or(&[][..], |c| &c.plugins[..]);
        let inventory = if inventory_paths.is_empty() && plugins.is_empty() {
            None
        } else {
            match crate::inventory::from_paths_limited(&inventory_paths, max_file_size) {
                Ok(mut inv) => {
                    for p in plugins {
                        inv.declare_plugin(&p.name, &p.controllers, &p.roles, &p.strategies);
                    }
                    Some(Arc::new(inv))
                }
                Err(e) => {
                    eprintln!("error: {}", render::printable(&e.to_string()));
                    return Err(Stop(2));
                }
            }
        };
        let settings = Settings {
            select: (!args.select.is_empty()).then(|| args.select.clone()),
            inventory,
            severities: config
                .as_ref()
                .map(|c| c.severities.clone())
                .unwrap_or_default(),
            templates: config
                .as_ref()
                .map(|c| c.templates.clone())
                .unwrap_or_default(),
            max_findings_per_rule: crate::config::findings_limit(
                args.max_findings_per_rule
                    .or(config.as_ref().and_then(|c| c.max_findings_per_rule)),
            ),
        };
        Ok(Setup {
            config,
            checker: Checker::with_settings(settings),
            max_file_size,
        })
    }
}

fn print_config_error(error: crate::config::ConfigError) {
    let report = error.into_report();
    let text = render::human::render(
        &report,
        render::human::HumanOptions {
            color: false,
            width: 100,
        },
    );
    eprint!("{text}");
    eprintln!("error: the configuration cannot be used; nothing was checked");
}

fn load_config(args: &CheckArgs) -> Result<Option<Config>, ()> {
    if args.no_config {
        return Ok(None);
    }
    let path: PathBuf = match &args.config {
        Some(p) => {
            if !p.is_file() {
                eprintln!("error: {}: no such configuration file", p.display());
                return Err(());
            }
            p.clone()
        }
        None => match std::env::current_dir()
            .ok()
            .and_then(|d| crate::config::discover(&d))
        {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    crate::config::load(&path)
        .map(Some)
        .map_err(print_config_error)
}
