//! The statistical division tree (county → township → village) from `site.yaml`.

use crate::model::contact::LocalContact;
use crate::model::spanned::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A region as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionNode {
    pub code: Spanned<String>,
    pub name: String,
    /// Who takes objections to this region's notices.
    #[serde(default)]
    pub contact: Option<LocalContact>,
    #[serde(default)]
    pub children: Vec<RegionNode>,
}

/// A region placed in the tree.
#[derive(Debug, Clone)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// 0 for the top level (the county), 1 for townships, 2 for villages.
    pub depth: usize,
    pub children: Vec<String>,
    pub contact: Option<LocalContact>,
}

impl Region {
    /// What a reader calls this level.
    pub fn level_label(&self) -> &'static str {
        match self.depth {
            0 => "县",
            1 => "乡镇",
            _ => "村",
        }
    }
}

/// A 12-digit statistical division code (GB/T 2260 extended to township and village).
pub fn is_region_code(code: &str) -> bool {
    code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone, Default)]
pub struct RegionTree {
    regions: BTreeMap<String, Region>,
    roots: Vec<String>,
}

impl RegionTree {
    /// Builds the tree; codes that are malformed or repeated are returned for diagnosis
    /// and left out.
    pub fn build(nodes: &[RegionNode]) -> (RegionTree, Vec<RegionProblem>) {
        let mut tree = RegionTree::default();
        let mut problems = Vec::new();
        for node in nodes {
            if let Some(code) = tree.insert(node, None, 0, &mut problems) {
                tree.roots.push(code);
            }
        }
        (tree, problems)
    }

    fn insert(
        &mut self,
        node: &RegionNode,
        parent: Option<&str>,
        depth: usize,
        problems: &mut Vec<RegionProblem>,
    ) -> Option<String> {
        let code = node.code.value.trim().to_string();
        if !is_region_code(&code) {
            problems.push(RegionProblem::Malformed(node.code.clone()));
            return None;
        }
        if self.regions.contains_key(&code) {
            problems.push(RegionProblem::Duplicate(node.code.clone()));
            return None;
        }
        self.regions.insert(
            code.clone(),
            Region {
                code: code.clone(),
                name: node.name.clone(),
                parent: parent.map(str::to_string),
                depth,
                children: Vec::new(),
                contact: node.contact.clone(),
            },
        );
        let mut children = Vec::new();
        for child in &node.children {
            if let Some(c) = self.insert(child, Some(&code), depth + 1, problems) {
                children.push(c);
            }
        }
        if let Some(r) = self.regions.get_mut(&code) {
            r.children = children;
        }
        Some(code)
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.get(code)
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.get(code).map(|r| r.name.as_str())
    }

    /// The region and its ancestors, nearest first.
    pub fn lineage<'a>(&'a self, code: &str) -> impl Iterator<Item = &'a Region> + 'a {
        let mut next = self.get(code);
        std::iter::from_fn(move || {
            let cur = next?;
            next = cur.parent.as_deref().and_then(|p| self.get(p));
            Some(cur)
        })
    }

    /// The township (depth 1) a region lies in, if any.
    pub fn township_of(&self, code: &str) -> Option<&Region> {
        self.lineage(code).find(|r| r.depth == 1)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.values()
    }
}

#[derive(Debug, Clone)]
pub enum RegionProblem {
    Malformed(Spanned<String>),
    Duplicate(Spanned<String>),
}
