//! numpy scalars (`np.float64(0.5)`, `np.int64(7)`): what indexing to one element and
//! reductions over a whole array give. They print as numpy 2 does (`np.float64(0.5)` as
//! repr, `0.5` in `print`), compute as 0-d arrays, and pass as Python numbers to `float()`,
//! `int()`, `round()`, `range()` and format specs.

use std::any::Any;

use super::array::{Data, NdArray, Scalar};
use super::ops::Operand;
use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::error::PyResult;
use crate::eval::Interp;
use crate::value::{HostObject, Value};

pub struct NpScalar(pub Scalar);

impl NpScalar {
    fn operand(&self) -> Operand {
        Operand {
            data: Data::from_scalar(self.0),
            weak: false,
        }
    }
}

impl HostObject for NpScalar {
    fn type_name(&self) -> &str {
        match self.0 {
            Scalar::Bool(_) => "bool",
            other => other.dtype().name(),
        }
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(super::print::scalar_repr(self.0))
    }
    fn str(&self, _: &mut Interp) -> PyResult<String> {
        Ok(super::print::scalar_str(self.0))
    }
    fn getattr(&self, interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let arr = NdArray::new(Data::from_scalar(self.0));
        super::object::attribute(interp, &arr, name)
    }
    fn binary(
        &self,
        interp: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        super::object::binary_with(interp, self.operand(), op, other, reflected)
    }
    fn compare(
        &self,
        interp: &mut Interp,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        super::object::compare_with(interp, self.operand(), op, other, reflected)
    }
    fn unary(&self, _: &mut Interp, op: UnaryOp) -> Option<PyResult<Value>> {
        super::object::unary_of(&Data::from_scalar(self.0), op)
    }
    fn number(&self) -> Option<Value> {
        Some(self.0.to_py())
    }
    fn truthy(&self) -> PyResult<bool> {
        Ok(self.0.to_f64() != 0.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
