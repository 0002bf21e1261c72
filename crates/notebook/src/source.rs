//! Cells from the files lecturers keep: a Jupyter notebook (`.ipynb`, its code cells) or a
//! Python script, cut into cells at `# %%` (VS Code, Jupytext, Spyder) or `# In[ ]:` (what
//! Jupyter's "Download as .py" writes) markers; a script without markers is one cell.

use serde_json::Value as Json;

/// Why a notebook file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceError {
    NotJson(String),
    NoCells,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceError::NotJson(e) => write!(f, "not a Jupyter notebook (.ipynb JSON): {e}"),
            SourceError::NoCells => write!(f, "the notebook has no \"cells\" list"),
        }
    }
}

/// The code cells of an `.ipynb`, in order; Markdown and raw cells are skipped.
pub fn cells_from_ipynb(text: &str) -> Result<Vec<String>, SourceError> {
    let doc: Json = serde_json::from_str(text).map_err(|e| SourceError::NotJson(e.to_string()))?;
    let cells = doc
        .get("cells")
        .and_then(Json::as_array)
        .ok_or(SourceError::NoCells)?;
    Ok(cells
        .iter()
        .filter(|c| c.get("cell_type").and_then(Json::as_str) == Some("code"))
        .map(|c| match c.get("source") {
            // nbformat 4 allows the source as one string or as a list of lines.
            Some(Json::String(s)) => s.clone(),
            Some(Json::Array(lines)) => lines.iter().filter_map(Json::as_str).collect(),
            _ => String::new(),
        })
        .collect())
}

/// A script's cells. Text before the first marker is a cell of its own when it holds code.
pub fn cells_from_py(text: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    for line in text.lines() {
        if is_marker(line) {
            cells.push(String::new());
        } else if let Some(cell) = cells.last_mut() {
            cell.push_str(line);
            cell.push('\n');
        }
    }
    cells.retain(|c| !c.trim().is_empty());
    cells
}

fn is_marker(line: &str) -> bool {
    let t = line.trim_end();
    if t.starts_with("# %%") {
        return true;
    }
    // `# In[3]:` or `# In[ ]:`
    t.strip_prefix("# In[")
        .and_then(|rest| rest.strip_suffix("]:"))
        .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_cut_at_either_marker() {
        let py =
            "import numpy as np\n# %% [markdown]\n# %%\nx = 1\n\n# In[2]:\nprint(x)\n# In[ ]:\n\n";
        assert_eq!(
            cells_from_py(py),
            vec!["import numpy as np\n", "x = 1\n\n", "print(x)\n"]
        );
        assert_eq!(cells_from_py("a = 1\nb = 2"), vec!["a = 1\nb = 2\n"]);
        assert_eq!(
            cells_from_py("# Infinity: not a marker\n"),
            vec!["# Infinity: not a marker\n"]
        );
    }

    #[test]
    fn notebooks_give_their_code_cells_in_order() {
        let nb = r##"{"cells": [
            {"cell_type": "markdown", "source": ["# 제목"]},
            {"cell_type": "code", "source": ["x = 1\n", "x"]},
            {"cell_type": "code", "source": "print('안녕')"}
        ], "nbformat": 4}"##;
        assert_eq!(
            cells_from_ipynb(nb),
            Ok(vec!["x = 1\nx".to_string(), "print('안녕')".to_string()])
        );
        assert_eq!(cells_from_ipynb("{}"), Err(SourceError::NoCells));
        assert!(matches!(
            cells_from_ipynb("x = 1"),
            Err(SourceError::NotJson(_))
        ));
    }
}
